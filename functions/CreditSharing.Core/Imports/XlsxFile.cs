using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using MiniExcelLibs;

namespace CreditSharing.Core.Imports;

/// <summary>
/// XLSX imports (the first sheet), read and written with MiniExcel: rows stream from the sheet, each
/// as the cells a CSV row would hold, under the same caps.
/// </summary>
public static class XlsxFile
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Whether the bytes start like a zip (<c>PK\x03\x04</c>), as every XLSX does.</summary>
    public static bool LooksLikeZip(ReadOnlySpan<byte> start) => start.Length >= 4 && start[0] == 0x50 && start[1] == 0x4B && start[2] == 0x03 && start[3] == 0x04;

    /// <summary>An OLE compound file (<c>D0 CF 11 E0</c>): a password-protected workbook or an old .xls.</summary>
    public static bool LooksLikeOle(ReadOnlySpan<byte> start) => start.Length >= 4 && start[0] == 0xD0 && start[1] == 0xCF && start[2] == 0x11 && start[3] == 0xE0;

    /// <summary>Why a workbook cannot be imported (password, macros, no sheet, not a workbook), or null when it can. The stream must be seekable.</summary>
    public static string? Problem(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Span<byte> start = stackalloc byte[4];
        content.Position = 0;
        var read = content.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        content.Position = 0;
        if (LooksLikeOle(start[..read]))
        {
            return "The workbook is password-protected (an encrypted OLE container) or an old .xls: save it as an .xlsx without a password.";
        }

        if (!LooksLikeZip(start[..read]))
        {
            return "The file is not an .xlsx workbook (an XLSX is a zip package).";
        }

        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Any(e => e.FullName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
            {
                return "The workbook holds macros (vbaProject.bin, an .xlsm): save it as an .xlsx without macros.";
            }

            if (zip.GetEntry("[Content_Types].xml") is { } types)
            {
                using var typesStream = types.Open();
                var text = new StreamReader(typesStream).ReadToEnd();
                if (text.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase))
                {
                    return "The workbook is macro-enabled (.xlsm): save it as an .xlsx without macros.";
                }
            }

            if (zip.GetEntry("xl/workbook.xml") is not { } workbook)
            {
                return "The package holds no workbook (xl/workbook.xml): it is not an .xlsx.";
            }

            using var workbookStream = workbook.Open();
            var sheets = XDocument.Load(workbookStream).Descendants().Count(e => e.Name.LocalName == "sheet");
            if (sheets == 0)
            {
                return "The workbook has no sheet.";
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException or IOException)
        {
            return "The file is not a readable .xlsx workbook.";
        }
        finally
        {
            content.Position = 0;
        }

        return null;
    }

    /// <summary>The first sheet's rows, line numbers being the sheet's row numbers; a row over the caps is an error row.</summary>
    public static IEnumerable<CsvRow> Rows(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var number = 0;
        foreach (IDictionary<string, object?> row in content.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            number++;
            if (row.Count > CsvReader.MaxFields && row.Skip(CsvReader.MaxFields).Any(c => Cell(c.Value).Length > 0))
            {
                yield return new CsvRow(number, null, $"The row has more than {CsvReader.MaxFields} fields.");
                continue;
            }

            var cells = row.Values.Take(CsvReader.MaxFields).Select(Cell).ToList();
            while (cells.Count > 0 && cells[^1].Length == 0)
            {
                cells.RemoveAt(cells.Count - 1);
            }

            if (cells.Count == 0)
            {
                continue;
            }

            yield return cells.Any(c => c.Length > CsvReader.MaxFieldLength)
                ? new CsvRow(number, null, $"A field is longer than {CsvReader.MaxFieldLength:N0} characters.")
                : new CsvRow(number, cells, null);
        }
    }

    /// <summary>A cell as text: numbers in their shortest round-trip form (so 万元 stay exact), dates as yyyy-MM-dd.</summary>
    public static string Cell(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>A blank template: one sheet whose only row is the header.</summary>
    public static byte[] Template(IReadOnlyList<string> columns, string sheetName)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var header = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            header[$"c{i}"] = columns[i];
        }

        using var output = new MemoryStream();
        output.SaveAs(new[] { header }, printHeader: false, sheetName: sheetName, excelType: ExcelType.XLSX);
        return output.ToArray();
    }
}
