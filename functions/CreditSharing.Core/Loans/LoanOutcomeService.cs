using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Loans;

/// <summary>The answer to a reported outcome: what was stored, and whether it was new (201) or replaced a row (200).</summary>
public sealed record LoanOutcomeReceipt(LoanOutcome Outcome, bool Created);

/// <summary>Loan outcomes banks report (信易贷 放款/还款/逾期/核销) and the monthly statistics regulators read.</summary>
public sealed class LoanOutcomeService(ILoanOutcomeStore outcomes, IConsentStore consents, IEnterpriseStore enterprises, CreditRules rules, TimeProvider clock)
{
    /// <summary>How many month partitions a statistics call reads at once.</summary>
    public const int MonthConcurrency = 6;

    /// <summary>
    /// Stores an outcome of a loan the calling bank made. The enterprise must have consented to this bank, and the
    /// consent must not have been revoked before <c>on</c> (an outcome after a consent expired, a repayment say, is
    /// still the bank's to report); otherwise forbidden. The county is the enterprise profile's at write time.
    /// </summary>
    public async Task<CommandResult<LoanOutcomeReceipt>> RecordAsync(LoanOutcomeInput? input, string bankId, CancellationToken cancellationToken)
    {
        var errors = LoanOutcomeRules.Validate(input, rules.Loans.Products, CityClock.Today(clock), out var uscc, out var on);
        if (!errors.IsEmpty)
        {
            return CommandResult<LoanOutcomeReceipt>.Invalid(errors);
        }

        var consentTask = consents.GetAsync(uscc.Value, bankId, cancellationToken);
        var profileTask = enterprises.GetAsync(uscc.Value, cancellationToken);
        await Task.WhenAll(consentTask, profileTask);
        var consent = await consentTask;
        if (consent is null || (consent.RevokedAt is { } revokedAt && DateOnly.FromDateTime(revokedAt.ToOffset(CityClock.Offset).DateTime) < on))
        {
            return CommandResult<LoanOutcomeReceipt>.Forbidden(consent is null
                ? "The enterprise has not authorised this bank."
                : "The enterprise revoked this bank's consent before that day.");
        }

        var amount = decimal.Round(input!.Amount!.Value, 2);
        var outcome = new LoanOutcome(
            LoanOutcomeRules.IdOf(uscc.Value, input.Product!, amount, input.Status!, on, input.LoanRef),
            bankId,
            uscc.Value,
            input.Product!,
            amount,
            input.Status!,
            on,
            input.LoanRef,
            (await profileTask)?.Profile.County,
            clock.GetUtcNow());
        var created = await outcomes.SaveAsync(outcome, cancellationToken);
        return CommandResult<LoanOutcomeReceipt>.Ok(new LoanOutcomeReceipt(outcome, created));
    }

    /// <summary>Monthly volume and counts from <paramref name="from"/> to <paramref name="to"/> (inclusive): one partition read per month.</summary>
    public async Task<QueryResult<LoanStatistics>> StatisticsAsync(string? from, string? to, CancellationToken cancellationToken)
    {
        var errors = LoanOutcomeRules.ValidateRange(from, to, out var first, out var last);
        if (!errors.IsEmpty)
        {
            return QueryResult<LoanStatistics>.Invalid(errors);
        }

        var months = new List<YearMonth>();
        for (var month = first; month.CompareTo(last) <= 0; month = month.Next())
        {
            months.Add(month);
        }

        var read = new System.Collections.Concurrent.ConcurrentDictionary<YearMonth, IReadOnlyList<LoanOutcome>>();
        await Parallel.ForEachAsync(
            months,
            new ParallelOptions { MaxDegreeOfParallelism = MonthConcurrency, CancellationToken = cancellationToken },
            async (month, ct) => read[month] = await outcomes.ListMonthAsync(month, ct));
        return QueryResult<LoanStatistics>.Ok(LoanStatisticsAggregator.Aggregate(first, last, read));
    }
}
