using System.Globalization;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Loans;

/// <summary>信易贷: consents, eligibility checks under consent, and the access log of every check.</summary>
public sealed class LoanService(
    IConsentStore consents,
    IAccessLog accessLog,
    IRecordStore records,
    IListEntryReader lists,
    IEnterpriseStore enterprises,
    CreditRules rules,
    TimeProvider clock,
    Objections.Disputes? disputes = null)
{
    public const int MaxPurposeLength = 200;

    public async Task<CommandResult<Consent>> GrantAsync(string routeUscc, ConsentInput? input, string grantedBy, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        Uscc.TryParse(routeUscc, out var uscc, out var usccError);
        if (uscc.IsEmpty)
        {
            errors.Add("uscc", usccError);
        }

        var bankId = input?.BankId?.Trim();
        if (!IsBankId(bankId))
        {
            errors.Add("bankId", "A bank id is 1–64 letters, digits, '-', '_' or '.'.");
        }

        var purpose = input?.Purpose?.Trim();
        if (string.IsNullOrEmpty(purpose) || purpose.Length > MaxPurposeLength)
        {
            errors.Add("purpose", $"A purpose of at most {MaxPurposeLength} characters is required.");
        }

        PlainText.Check(purpose, "purpose", errors);

        var today = CityClock.Today(clock);
        DateOnly expiresOn = default;
        if (!DateOnly.TryParseExact(input?.ExpiresOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out expiresOn))
        {
            errors.Add("expiresOn", "expiresOn is a date, YYYY-MM-DD.");
        }
        else if (expiresOn < today || expiresOn > today.AddDays(rules.Loans.MaxConsentDays - 1))
        {
            errors.Add("expiresOn", $"A consent lasts from today to at most one year ahead ({today.AddDays(rules.Loans.MaxConsentDays - 1):yyyy-MM-dd}).");
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<Consent>.Invalid(errors);
        }

        var consent = new Consent(uscc.Value, bankId!, purpose!, expiresOn, clock.GetUtcNow(), grantedBy, null);
        await consents.SaveAsync(consent, cancellationToken);
        return CommandResult<Consent>.Ok(consent);
    }

    public async Task<CommandResult<Consent>> RevokeAsync(string routeUscc, string bankId, CancellationToken cancellationToken)
    {
        if (!Uscc.TryParse(routeUscc, out var uscc, out var error))
        {
            return CommandResult<Consent>.Invalid(FieldErrors.Of("uscc", error));
        }

        var consent = IsBankId(bankId) ? await consents.GetAsync(uscc.Value, bankId, cancellationToken) : null;
        if (consent is null)
        {
            return CommandResult<Consent>.NotFound($"{uscc.Value} has given no consent to {bankId}.");
        }

        var revoked = consent.RevokedAt is null ? consent with { RevokedAt = clock.GetUtcNow() } : consent;
        await consents.SaveAsync(revoked, cancellationToken);
        return CommandResult<Consent>.Ok(revoked);
    }

    public async Task<QueryResult<IReadOnlyList<Consent>>> ListConsentsAsync(string routeUscc, CancellationToken cancellationToken)
        => Uscc.TryParse(routeUscc, out var uscc, out var error)
            ? QueryResult<IReadOnlyList<Consent>>.Ok(await consents.ListAsync(uscc.Value, cancellationToken))
            : QueryResult<IReadOnlyList<Consent>>.Invalid(FieldErrors.Of("uscc", error));

    /// <summary>Checks eligibility for a bank; refused without an active consent. Every call is logged either way.</summary>
    public async Task<EligibilityOutcome> CheckAsync(EligibilityRequest? request, string bankId, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        Uscc.TryParse(request?.Uscc, out var uscc, out var usccError);
        if (uscc.IsEmpty)
        {
            errors.Add("uscc", usccError);
        }

        var productName = string.IsNullOrWhiteSpace(request?.Product) ? "standard" : request.Product.Trim();
        if (!rules.Loans.Products.TryGetValue(productName, out var product))
        {
            errors.Add("product", $"Unknown product {FieldErrors.Echo(productName)}. Products are {string.Join(", ", rules.Loans.Products.Keys)}.");
        }

        if (!errors.IsEmpty)
        {
            return new EligibilityOutcome.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var today = CityClock.Today(clock);
        var consent = await consents.GetAsync(uscc.Value, bankId, cancellationToken);
        if (consent is null || !consent.IsActiveOn(today))
        {
            var auditId = Guid.NewGuid().ToString("N");
            await accessLog.AppendAsync(uscc.Value, new AccessLogEntry(auditId, bankId, productName, "refused", now), cancellationToken);
            return new EligibilityOutcome.Refused(auditId, consent is null ? "The enterprise has not authorised this bank." : "The enterprise's consent for this bank is revoked or expired.");
        }

        var answer = await EvaluateAsync(uscc.Value, productName, product!, today, now, cancellationToken);
        await accessLog.AppendAsync(uscc.Value, LogLineOf(answer, bankId), cancellationToken);
        return new EligibilityOutcome.Answered(answer);
    }

    /// <summary>
    /// 信易贷 eligibility of up to <see cref="BatchEligibility.MaxItems"/> enterprises in one call: each distinct
    /// enterprise is checked once (duplicates share its answer), reads run in parallel with bounded
    /// concurrency, and every checked or refused item is written to its enterprise's access log before the answer.
    /// </summary>
    public async Task<BatchEligibilityOutcome> CheckBatchAsync(BatchEligibilityRequest? request, string bankId, CancellationToken cancellationToken)
    {
        var validated = BatchEligibility.Validate(request, rules.Loans.Products);
        if (validated.TooMany is { } count)
        {
            return new BatchEligibilityOutcome.TooLarge(count);
        }

        if (validated.Errors is { } errors)
        {
            return new BatchEligibilityOutcome.Invalid(errors);
        }

        var (productName, usccs) = (validated.Product!, validated.Usccs!);
        var product = rules.Loans.Products[productName];
        var now = clock.GetUtcNow();
        var today = CityClock.Today(clock);
        var items = new BatchEligibilityItem[usccs.Count];
        var lines = new (string Uscc, AccessLogEntry Entry)?[usccs.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, usccs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = BatchEligibility.Concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var uscc = usccs[i];
                var consentTask = consents.GetAsync(uscc, bankId, ct);
                var profileTask = enterprises.GetAsync(uscc, ct);
                await Task.WhenAll(consentTask, profileTask);
                var consent = await consentTask;
                if (consent is null && await profileTask is null)
                {
                    items[i] = new BatchEligibilityItem(uscc, BatchEligibility.UnknownEnterprise, null, null);
                    return;
                }

                if (consent is null || !consent.IsActiveOn(today))
                {
                    var auditId = Guid.NewGuid().ToString("N");
                    lines[i] = (uscc, new AccessLogEntry(auditId, bankId, productName, "refused", now));
                    items[i] = new BatchEligibilityItem(uscc, BatchEligibility.NoConsent, null, auditId);
                    return;
                }

                var answer = await EvaluateAsync(uscc, productName, product, today, now, ct);
                lines[i] = (uscc, LogLineOf(answer, bankId));
                items[i] = new BatchEligibilityItem(uscc, answer.Eligible ? "eligible" : "ineligible", answer, answer.AuditId);
            });

        await accessLog.AppendManyAsync([.. lines.Where(l => l is not null).Select(l => l!.Value)], cancellationToken);
        return new BatchEligibilityOutcome.Answered(new BatchEligibilityAnswer(productName, validated.Requested, items.Length, items, now));
    }

    private static AccessLogEntry LogLineOf(EligibilityAnswer answer, string bankId)
        => new(answer.AuditId, bankId, answer.Product, answer.Eligible ? "eligible" : "ineligible", answer.CheckedAt);

    /// <summary>Evaluates every check for an enterprise whose consent is active; writes nothing.</summary>
    private async Task<EligibilityAnswer> EvaluateAsync(string uscc, string productName, LoanProduct product, DateOnly today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var auditId = Guid.NewGuid().ToString("N");
        var recordsTask = records.ReadAsync(uscc, today, cancellationToken);
        var entriesTask = lists.GetEntriesAsync(uscc, cancellationToken);
        var profileTask = enterprises.GetAsync(uscc, cancellationToken);
        var disputedTask = disputes is null ? Task.FromResult(Objections.DisputedTargets.None) : disputes.OfAsync(uscc, cancellationToken);
        await Task.WhenAll(recordsTask, entriesTask, profileTask, disputedTask);
        // One decision counts once, and a cleared record ends an active one: for the checks and the summary alike.
        var all = Decisions.Counting(await recordsTask, today);
        var entries = await entriesTask;
        var profile = (await profileTask)?.Profile;
        var grade = GradeEngine.Evaluate(all, entries, today, rules);
        var checks = EligibilityRules.Evaluate(productName, product, grade, all, entries, today);
        var eligible = checks.All(c => c.Passed);

        var yearAgo = today.AddMonths(-12);
        var summary = new EligibilitySummary(
            profile?.Name,
            grade.Grade,
            grade.Score,
            EligibilityRules.LatestTaxRating(all)?.Rating,
            entries.Where(e => e.IsActiveOn(today)).Select(e => e.ListType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            all.Count(r => r.Category == RecordCategories.Penalty && r.DecisionDate > yearAgo && r.DecisionDate <= today),
            profile?.LegalRepresentative is { } rep ? new LegalRepresentativeSummary(rep.Name, IdNumber.Mask(rep.IdNumber)) : null);
        // Disputed data still counts until the objection is decided; the answer names what it relied on.
        var disputed = (await disputedTask).Among(all.Select(r => r.Id).Concat(entries.Where(e => e.IsActiveOn(today)).Select(e => e.Id)));
        return new EligibilityAnswer(uscc, productName, eligible, EligibilityRules.ReasonOf(checks), checks, summary, now, auditId, disputed);
    }

    public async Task<QueryResult<Page<AccessLogEntry>>> AccessLogAsync(string routeUscc, string? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        Uscc.TryParse(routeUscc, out var uscc, out var usccError);
        if (uscc.IsEmpty)
        {
            errors.Add("uscc", usccError);
        }

        var size = ContinuationToken.PageSize(pageSize, errors);
        var tableToken = ContinuationToken.UnwrapTableToken(continuationToken, errors);

        if (!errors.IsEmpty)
        {
            return QueryResult<Page<AccessLogEntry>>.Invalid(errors);
        }

        var (items, next) = await accessLog.PageAsync(uscc.Value, size!.Value, tableToken, cancellationToken);
        return QueryResult<Page<AccessLogEntry>>.Ok(new Page<AccessLogEntry>(items, ContinuationToken.WrapTableToken(next)));
    }

    public static bool IsBankId(string? bankId)
        => !string.IsNullOrEmpty(bankId) && bankId.Length <= 64 && bankId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

public abstract record EligibilityOutcome
{
    public sealed record Answered(EligibilityAnswer Answer) : EligibilityOutcome;

    public sealed record Refused(string AuditId, string Reason) : EligibilityOutcome;

    public sealed record Invalid(FieldErrors Errors) : EligibilityOutcome;
}

public abstract record BatchEligibilityOutcome
{
    public sealed record Answered(BatchEligibilityAnswer Answer) : BatchEligibilityOutcome;

    /// <summary>More than <see cref="BatchEligibility.MaxItems"/> USCCs: nothing is checked or logged (413).</summary>
    public sealed record TooLarge(int Count) : BatchEligibilityOutcome;

    public sealed record Invalid(FieldErrors Errors) : BatchEligibilityOutcome;
}
