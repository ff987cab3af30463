using System.Globalization;

namespace CreditSharing.Core.Shared;

/// <summary>
/// The one way the product writes a CSV cell: RFC 4180 quoting, and CSV-injection neutralisation
/// (OWASP "CSV Injection"): a text cell that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a
/// tab or a carriage return gets a leading <c>'</c>, so a spreadsheet opening a published list
/// shows the text instead of running it as a formula. Names, reasons and document numbers come
/// from departments and, through them, from anyone.
/// </summary>
public static class CsvCells
{
    private static readonly char[] FormulaLeaders = ['=', '+', '-', '@', '\t', '\r'];

    private static readonly char[] NeedQuotes = [',', '"', '\r', '\n'];

    /// <summary>A text cell: neutralised, then quoted when it holds a comma, quote or line break; empty for null.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var safe = Array.IndexOf(FormulaLeaders, value[0]) >= 0 ? "'" + value : value;
        return safe.IndexOfAny(NeedQuotes) >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }

    /// <summary>
    /// A numeric cell, written by the product itself in invariant culture: never neutralised, so a
    /// legitimate negative amount stays a number a spreadsheet can add up. Only numbers go here;
    /// text that merely looks numeric (a reason "-5") is text.
    /// </summary>
    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A date cell, <c>YYYY-MM-DD</c>: digits first, nothing to neutralise.</summary>
    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
