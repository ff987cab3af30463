using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Loans;

/// <summary>Body of <c>POST /api/loans/outcomes</c>; the bank is the caller, never a field.</summary>
/// <param name="Amount">Yuan, decimal, more than 0 and at most <see cref="LoanOutcomeRules.MaxAmount"/>, at most 2 decimals.</param>
/// <param name="On">The day of the outcome, <c>yyyy-MM-dd</c>, not in the future (city date).</param>
/// <param name="LoanRef">The bank's own reference of the loan (optional): with it, one row per loan and status.</param>
public sealed record LoanOutcomeInput(string? Uscc, string? Product, decimal? Amount, string? Status, string? On, string? LoanRef = null);

/// <summary>A loan outcome as stored; <see cref="County"/> is the enterprise's county when the outcome was written.</summary>
public sealed record LoanOutcome(
    string Id,
    string BankId,
    string Uscc,
    string Product,
    decimal Amount,
    string Status,
    DateOnly On,
    string? LoanRef,
    string? County,
    DateTimeOffset ReportedAt);

public interface ILoanOutcomeStore
{
    /// <summary>Adds the outcome, or replaces the one with the same bank, month and id; true when it was new.</summary>
    Task<bool> SaveAsync(LoanOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Every outcome whose <c>on</c> falls in <paramref name="month"/> (one partition).</summary>
    Task<IReadOnlyList<LoanOutcome>> ListMonthAsync(YearMonth month, CancellationToken cancellationToken);
}

/// <summary>A calendar month, <c>yyyy-MM</c>.</summary>
public readonly record struct YearMonth(int Year, int Month) : IComparable<YearMonth>
{
    public static YearMonth Of(DateOnly day) => new(day.Year, day.Month);

    public static bool TryParse(string? text, out YearMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return false;
        }

        month = Of(day);
        return true;
    }

    public YearMonth Next() => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    public int MonthsUntil(YearMonth other) => ((other.Year - Year) * 12) + other.Month - Month;

    public int CompareTo(YearMonth other) => MonthsUntil(other) switch { > 0 => -1, < 0 => 1, _ => 0 };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}

/// <summary>The checks of a loan outcome and of a statistics range.</summary>
public static class LoanOutcomeRules
{
    public const decimal MaxAmount = 10_000_000_000m;

    public const int MaxLoanRefLength = 64;

    public const int MaxYearsBack = 10;

    public const int MaxStatisticsMonths = 36;

    public static readonly IReadOnlyList<string> Statuses = ["granted", "repaid", "overdue", "written-off"];

    public static FieldErrors Validate(LoanOutcomeInput? input, IReadOnlyDictionary<string, LoanProduct> products, DateOnly today, out Uscc uscc, out DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(products);
        var errors = new FieldErrors();
        Uscc.TryParse(input?.Uscc, out uscc, out var usccError);
        if (uscc.IsEmpty)
        {
            errors.Add("uscc", usccError);
        }

        if (input?.Product is not { } product || !products.ContainsKey(product))
        {
            errors.Add("product", $"product is one of {string.Join(", ", products.Keys)}.");
        }

        if (input?.Amount is not { } amount || amount <= 0 || amount > MaxAmount || amount.Scale > 2 && decimal.Round(amount, 2) != amount)
        {
            errors.Add("amount", $"amount is yuan, more than 0 and at most {MaxAmount.ToString(CultureInfo.InvariantCulture)}, with at most 2 decimals.");
        }

        if (input?.Status is not { } status || !Statuses.Contains(status, StringComparer.Ordinal))
        {
            errors.Add("status", $"status is one of {string.Join(", ", Statuses)}.");
        }

        on = default;
        if (!DateOnly.TryParseExact(input?.On, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out on))
        {
            errors.Add("on", "on is a date, YYYY-MM-DD.");
        }
        else if (on > today || on < today.AddYears(-MaxYearsBack))
        {
            errors.Add("on", $"on is a day from {today.AddYears(-MaxYearsBack):yyyy-MM-dd} to today ({today:yyyy-MM-dd}).");
        }

        if (input?.LoanRef is { } loanRef && !LoanService.IsBankId(loanRef))
        {
            errors.Add("loanRef", $"loanRef is 1–{MaxLoanRefLength} letters, digits, '-', '_' or '.'.");
        }

        return errors;
    }

    /// <summary>
    /// The row id of an outcome: <c>r~{loanRef}~{status}</c> with the bank's reference (reporting the same
    /// status of the same loan again replaces it), else <c>h~{hash}</c> of every field (an exact repeat changes nothing).
    /// </summary>
    public static string IdOf(string uscc, string product, decimal amount, string status, DateOnly on, string? loanRef)
    {
        if (loanRef is not null)
        {
            return $"r~{loanRef}~{status}";
        }

        var text = string.Join('|', uscc, product, amount.ToString("0.00", CultureInfo.InvariantCulture), status, on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return "h~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    public static FieldErrors ValidateRange(string? from, string? to, out YearMonth first, out YearMonth last)
    {
        var errors = new FieldErrors();
        if (!YearMonth.TryParse(from, out first))
        {
            errors.Add("from", "from is a month, yyyy-MM.");
        }

        if (!YearMonth.TryParse(to, out last))
        {
            errors.Add("to", "to is a month, yyyy-MM.");
        }

        if (errors.IsEmpty && (first.MonthsUntil(last) < 0 || first.MonthsUntil(last) >= MaxStatisticsMonths))
        {
            errors.Add("to", $"to is from `from` to at most {MaxStatisticsMonths} months in all.");
        }

        return errors;
    }
}

/// <summary>Count and amount (yuan) of the outcomes of one status.</summary>
public sealed record StatusTotal(int Count, decimal Amount);

/// <summary>
/// One group of a month: a bank, a product and a county (<c>null</c>: the profile named none).
/// <see cref="GrantedAmount"/> and <see cref="GrantedCount"/> are the 信易贷 measure (专栏8).
/// </summary>
public sealed record LoanStatisticsGroup(string BankId, string Product, string? County, string? CountyName, decimal GrantedAmount, int GrantedCount, IReadOnlyDictionary<string, StatusTotal> ByStatus);

public sealed record LoanStatisticsMonth(string Month, decimal GrantedAmount, int GrantedCount, IReadOnlyDictionary<string, StatusTotal> ByStatus, IReadOnlyList<LoanStatisticsGroup> Groups);

public sealed record LoanStatistics(string From, string To, decimal GrantedAmount, int GrantedCount, IReadOnlyList<LoanStatisticsMonth> Months);

/// <summary>Monthly 信易贷 volume and counts, by bank, product and county.</summary>
public static class LoanStatisticsAggregator
{
    public static LoanStatistics Aggregate(YearMonth from, YearMonth to, IReadOnlyDictionary<YearMonth, IReadOnlyList<LoanOutcome>> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var months = new List<LoanStatisticsMonth>();
        for (var month = from; month.CompareTo(to) <= 0; month = month.Next())
        {
            var rows = outcomes.GetValueOrDefault(month) ?? [];
            var groups = rows
                .GroupBy(o => (o.BankId, o.Product, o.County))
                .OrderBy(g => g.Key.BankId, StringComparer.Ordinal).ThenBy(g => g.Key.Product, StringComparer.Ordinal).ThenBy(g => g.Key.County ?? "", StringComparer.Ordinal)
                .Select(g => new LoanStatisticsGroup(g.Key.BankId, g.Key.Product, g.Key.County, Counties.NameOf(g.Key.County), Granted(g).Amount, Granted(g).Count, ByStatus(g)))
                .ToList();
            months.Add(new LoanStatisticsMonth(month.ToString(), Granted(rows).Amount, Granted(rows).Count, ByStatus(rows), groups));
        }

        return new LoanStatistics(from.ToString(), to.ToString(), months.Sum(m => m.GrantedAmount), months.Sum(m => m.GrantedCount), months);
    }

    private static StatusTotal Granted(IEnumerable<LoanOutcome> rows)
    {
        var granted = rows.Where(o => o.Status == "granted").ToList();
        return new StatusTotal(granted.Count, granted.Sum(o => o.Amount));
    }

    private static Dictionary<string, StatusTotal> ByStatus(IEnumerable<LoanOutcome> rows)
    {
        var list = rows.ToList();
        return LoanOutcomeRules.Statuses.ToDictionary(
            s => s,
            s => new StatusTotal(list.Count(o => o.Status == s), list.Where(o => o.Status == s).Sum(o => o.Amount)),
            StringComparer.Ordinal);
    }
}
