using System.Globalization;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Audit;

/// <summary>
/// The one place audited reads go through, and the Auditor's query of the log (docs/audit.md).
/// A read is audited after it has run and before it is answered: when the row cannot be written the
/// read fails with <see cref="AuditUnavailableException"/> (503, no data), so no answer leaves unaudited.
/// </summary>
public sealed class AuditTrail(IAuditLog log, IAuditReader reader, IdentityHasher hasher, TimeProvider clock)
{
    /// <summary>A reason is a short note (a case number, "双随机 inspection 2027-03"), not a document.</summary>
    public const int MaxReasonLength = 500;

    public const int MaxActorLength = 200;

    /// <summary>The longest period one query may cover, in city days.</summary>
    public const int MaxPeriodDays = 31;

    /// <summary>The period when <c>from</c> is not given: the week up to <c>to</c>.</summary>
    public const int DefaultPeriodDays = 7;

    /// <summary>
    /// Runs <paramref name="read"/> and, when <paramref name="audited"/> is given and the read got past
    /// validation (<paramref name="wasRead"/>), writes its audit row before the result is returned.
    /// An invalid <c>reason</c> is refused (<paramref name="invalid"/>) before anything is read.
    /// </summary>
    public async Task<T> ReadAsync<T>(AuditedRead? audited, Func<CancellationToken, Task<T>> read, Func<T, bool> wasRead, Func<FieldErrors, T> invalid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(wasRead);
        ArgumentNullException.ThrowIfNull(invalid);
        if (audited is not null)
        {
            var errors = new FieldErrors();
            CheckReason(audited.Reason, errors);
            if (!errors.IsEmpty)
            {
                return invalid(errors);
            }
        }

        var result = await read(cancellationToken);
        if (audited is not null && wasRead(result))
        {
            await WriteAsync(audited, cancellationToken);
        }

        return result;
    }

    /// <summary><see cref="ReadAsync{T}(AuditedRead?, Func{CancellationToken, Task{T}}, Func{T, bool}, Func{FieldErrors, T}, CancellationToken)"/> for a query: found and not found are both audited, invalid requests are not.</summary>
    public Task<QueryResult<T>> ReadAsync<T>(AuditedRead? audited, Func<CancellationToken, Task<QueryResult<T>>> read, CancellationToken cancellationToken)
        where T : class
        => ReadAsync(audited, read, r => r.Errors is null, QueryResult<T>.Invalid, cancellationToken);

    /// <summary>
    /// What a search by ID number records as its target: the masked number and the first 16 hex digits of
    /// its HMAC (the representative index's key), never the number; null when it is not a valid ID number.
    /// </summary>
    public string? RepresentativeTarget(string? idNumber)
        => IdNumber.TryNormalize(idNumber, out var normalized, out _)
            ? $"{IdNumber.Mask(normalized)} hmac:{hasher.Hash(normalized)[..16]}"
            : null;

    /// <summary>Adds an error on <c>reason</c> when it is too long or holds a control character.</summary>
    public static bool CheckReason(string? reason, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (reason is null)
        {
            return true;
        }

        if (reason.Length > MaxReasonLength)
        {
            errors.Add("reason", $"reason is at most {MaxReasonLength} characters.");
            return false;
        }

        return PlainText.Check(reason, "reason", errors);
    }

    /// <summary>The Auditor's query: <c>actor</c>, <c>uscc</c>, the period <c>from</c>–<c>to</c> (city dates), paged.</summary>
    public async Task<QueryResult<Page<AuditEntry>>> QueryAsync(
        string? actor, string? uscc, string? from, string? to, string? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        actor = string.IsNullOrWhiteSpace(actor) ? null : actor.Trim();
        if (actor is not null)
        {
            if (actor.Length > MaxActorLength)
            {
                errors.Add("actor", $"actor is at most {MaxActorLength} characters.");
            }
            else
            {
                PlainText.Check(actor, "actor", errors);
            }
        }

        string? usccFilter = null;
        if (!string.IsNullOrWhiteSpace(uscc))
        {
            if (Uscc.TryParse(uscc, out var parsed, out var usccError))
            {
                usccFilter = parsed.Value;
            }
            else
            {
                errors.Add("uscc", usccError);
            }
        }

        var today = CityClock.Today(clock);
        var toDay = ParseDate(to, "to", today, errors);
        var fromDay = ParseDate(from, "from", toDay?.AddDays(1 - DefaultPeriodDays) ?? today, errors);
        if (fromDay is { } f && toDay is { } t)
        {
            if (t < f)
            {
                errors.Add("to", "to is not before from.");
            }
            else if (t.DayNumber - f.DayNumber + 1 > MaxPeriodDays)
            {
                errors.Add("from", $"A query covers at most {MaxPeriodDays} days; from and to are {t.DayNumber - f.DayNumber + 1} days apart.");
            }
        }

        var size = ContinuationToken.PageSize(pageSize, errors);
        AuditPosition? start = null;
        if (!ContinuationToken.TryDecode<TokenPosition>(continuationToken, out var position))
        {
            errors.Add("continuationToken", "The continuation token is not one this service issued.");
        }
        else if (position is not null)
        {
            if (!DateOnly.TryParseExact(position.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || (fromDay is { } f2 && day < f2) || (toDay is { } t2 && day > t2))
            {
                errors.Add("continuationToken", "The continuation token belongs to another period; send the same from and to as the first page.");
            }
            else
            {
                start = new AuditPosition(day, position.Token);
            }
        }

        if (!errors.IsEmpty)
        {
            return QueryResult<Page<AuditEntry>>.Invalid(errors);
        }

        var days = new List<DateOnly>();
        for (var day = toDay!.Value; day >= fromDay!.Value; day = day.AddDays(-1))
        {
            days.Add(day);
        }

        var slice = await reader.ReadAsync(new AuditFilter(days, actor, usccFilter, size!.Value, start), cancellationToken);
        var next = slice.Next is null ? null : ContinuationToken.Encode(new TokenPosition(slice.Next.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), slice.Next.Token));
        return QueryResult<Page<AuditEntry>>.Ok(new Page<AuditEntry>(slice.Items, next));
    }

    private async Task WriteAsync(AuditedRead audited, CancellationToken cancellationToken)
    {
        var uscc = audited.Uscc is null ? null : Uscc.TryParse(audited.Uscc, out var parsed, out _) ? parsed.Value : audited.Uscc.Trim().ToUpperInvariant();
        var reason = string.IsNullOrWhiteSpace(audited.Reason) ? null : audited.Reason.Trim();
        var entry = new AuditEntry(clock.GetUtcNow(), audited.Actor, audited.Role, audited.Action, uscc, audited.Target, reason);
        try
        {
            await log.WriteAsync(entry, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new AuditUnavailableException($"The audit row of {audited.Action} could not be written; the read is not answered.", ex);
        }
    }

    private static DateOnly? ParseDate(string? value, string field, DateOnly fallback, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, $"{field} is a date YYYY-MM-DD; got {FieldErrors.Echo(value)}.");
        return null;
    }

    private sealed record TokenPosition(string Day, string? Token);
}
