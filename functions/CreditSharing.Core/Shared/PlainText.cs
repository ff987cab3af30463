namespace CreditSharing.Core.Shared;

/// <summary>
/// The one rule for free text from departments (names, titles, reasons, places): no control
/// characters. A NUL, an escape sequence or a DEL is never part of a name; stored, it would travel
/// into public pages, CSV snapshots, logs and other departments' systems. Multi-line fields
/// (a record's text, a reason, a commitment) may hold tabs and line breaks.
/// </summary>
public static class PlainText
{
    /// <summary>Adds an error on <paramref name="field"/> and answers false when <paramref name="text"/> holds a forbidden control character.</summary>
    public static bool Check(string? text, string field, FieldErrors errors, bool multiline = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (text is null || !text.Any(c => char.IsControl(c) && !(multiline && c is '\t' or '\r' or '\n')))
        {
            return true;
        }

        errors.Add(field, multiline
            ? $"{field} may not hold control characters other than tabs and line breaks."
            : $"{field} may not hold control characters (NUL, escape, tab, line breaks).");
        return false;
    }
}
