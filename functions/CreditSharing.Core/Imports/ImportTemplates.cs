using System.Text;

namespace CreditSharing.Core.Imports;

/// <summary>A blank import template: its bytes and media type.</summary>
public sealed record ImportTemplate(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Blank templates (header row only) for <c>GET /api/imports/templates/{penalty|license|records}.{csv|xlsx}</c>:
/// the national 行政处罚 and 行政许可 layouts, and the record's JSON field names. CSV is UTF-8 with a BOM,
/// so Excel opens the Chinese headers correctly.
/// </summary>
public static class ImportTemplates
{
    public static readonly IReadOnlyList<string> Names = ["penalty", "license", "records"];

    /// <summary>The template a file name (<c>penalty.csv</c>, <c>license.xlsx</c> …) names, or null.</summary>
    public static ImportTemplate? Of(string? file)
    {
        var dot = file?.LastIndexOf('.') ?? -1;
        if (file is null || dot <= 0)
        {
            return null;
        }

        var (name, extension) = (file[..dot], file[(dot + 1)..]);
        IReadOnlyList<string>? columns = name switch
        {
            "penalty" => NationalLayout.PenaltyColumns,
            "license" => NationalLayout.LicenseColumns,
            "records" => ImportRows.Columns,
            _ => null,
        };
        return (columns, extension) switch
        {
            (null, _) => null,
            (_, "csv") => new ImportTemplate(file, "text/csv; charset=utf-8", Csv(columns)),
            (_, "xlsx") => new ImportTemplate(file, XlsxFile.MediaType, XlsxFile.Template(columns, name)),
            _ => null,
        };
    }

    private static byte[] Csv(IReadOnlyList<string> columns)
    {
        var line = string.Join(',', columns.Select(c => c.Contains(',') || c.Contains('"') ? $"\"{c.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : c)) + "\r\n";
        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(line)];
    }
}
