using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Imports;

/// <summary>Which national-standard table a header row is: 行政处罚 or 行政许可.</summary>
public enum NationalKind
{
    Penalty,
    License,
}

/// <summary>A recognised national-standard header: the kind and each canonical column's position.</summary>
public sealed record NationalHeader(NationalKind Kind, IReadOnlyDictionary<string, int> Columns);

/// <summary>
/// The 2021 national data standard for 行政处罚 and 行政许可 information (the files departments send
/// to 信用中国), mapped to record fields. Headers are matched after normalising full-width brackets,
/// surrounding and inner spaces and the <c>行政相对人代码_N</c> prefix. docs/records.md, "National-standard files".
/// </summary>
public static partial class NationalLayout
{
    // Subject columns, shared by both tables.
    public const string SubjectName = "行政相对人名称";
    public const string SubjectKind = "行政相对人类别";
    public const string Uscc = "统一社会信用代码";
    public const string LegalRepresentative = "法定代表人";
    public const string DataSource = "数据来源单位";
    public const string DataSourceUscc = "数据来源单位统一社会信用代码";
    public const string Severity = "失信严重程度";

    // 行政处罚.
    public const string PenaltyDocumentNo = "行政处罚决定书文号";
    public const string ViolationType = "违法行为类型";
    public const string Facts = "违法事实";
    public const string PenaltyBasis = "处罚依据";
    public const string PenaltyType = "处罚类别";
    public const string PenaltyContent = "处罚内容";
    public const string Fine = "罚款金额(万元)";
    public const string Confiscated = "没收违法所得、没收非法财物的金额(万元)";
    public const string SuspendedLicence = "暂扣或吊销证照名称及编号";
    public const string PenaltyDate = "处罚决定日期";
    public const string PenaltyValidUntil = "处罚有效期";
    public const string DisclosureDeadline = "公示截止期";
    public const string PenaltyAuthority = "处罚机关";
    public const string PenaltyAuthorityUscc = "处罚机关统一社会信用代码";
    public const string Remarks = "备注";

    // 行政许可.
    public const string LicenceDocumentName = "行政许可决定文书名称";
    public const string LicenceDocumentNo = "行政许可决定文书号";
    public const string LicenceCategory = "许可类别";
    public const string CertificateName = "许可证书名称";
    public const string CertificateNo = "许可编号";
    public const string LicenceContent = "许可内容";
    public const string LicenceDate = "许可决定日期";
    public const string ValidFrom = "有效期自";
    public const string ValidTo = "有效期至";
    public const string LicenceAuthority = "许可机关";
    public const string LicenceAuthorityUscc = "许可机关统一社会信用代码";
    public const string CurrentStatus = "当前状态";

    /// <summary>Columns of the standard the service reads but does not keep: other subject codes and the representative's ID.</summary>
    private static readonly string[] Recognised =
    [
        "工商注册号", "组织机构代码", "税务登记号", "事业单位证书号", "社会组织登记证号", "法定代表人证件类型", "法定代表人证件号码",
        "证件类型", "证件号码",
    ];

    private static readonly string[] Subject = [SubjectName, SubjectKind, Uscc, LegalRepresentative];

    /// <summary>The 行政处罚 columns in the standard's order (the template's header row).</summary>
    public static readonly IReadOnlyList<string> PenaltyColumns =
    [
        .. Subject, PenaltyDocumentNo, ViolationType, Facts, PenaltyBasis, PenaltyType, PenaltyContent, "罚款金额（万元）",
        "没收违法所得、没收非法财物的金额（万元）", SuspendedLicence, PenaltyDate, PenaltyValidUntil, DisclosureDeadline, PenaltyAuthority,
        PenaltyAuthorityUscc, DataSource, DataSourceUscc, Remarks, Severity,
    ];

    /// <summary>The 行政许可 columns in the standard's order (the template's header row).</summary>
    public static readonly IReadOnlyList<string> LicenseColumns =
    [
        .. Subject, LicenceDocumentName, LicenceDocumentNo, LicenceCategory, CertificateName, CertificateNo, LicenceContent, LicenceDate,
        ValidFrom, ValidTo, LicenceAuthority, LicenceAuthorityUscc, CurrentStatus, DataSource, DataSourceUscc, Remarks,
    ];

    private static readonly string[] PenaltyRequired = [Uscc, PenaltyDocumentNo, PenaltyDate, PenaltyAuthority];
    private static readonly string[] LicenseRequired = [Uscc, LicenceDocumentNo, LicenceDate, LicenceAuthority];

    private static readonly HashSet<string> PenaltySet = new(PenaltyColumns.Select(Normalise), StringComparer.Ordinal);
    private static readonly HashSet<string> LicenseSet = new(LicenseColumns.Select(Normalise), StringComparer.Ordinal);

    [GeneratedRegex(@"^行政相对人代码_?\d+\((.+)\)$")]
    private static partial Regex CodePrefix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>A header cell in canonical form: BOM, spaces and full-width brackets normalised, the <c>行政相对人代码_N(…)</c> prefix removed.</summary>
    public static string Normalise(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var text = Spaces().Replace(cell.Replace("\uFEFF", string.Empty, StringComparison.Ordinal), string.Empty)
            .Replace('（', '(').Replace('）', ')').Replace('，', '、');
        return CodePrefix().Match(text) is { Success: true } m ? m.Groups[1].Value : text;
    }

    /// <summary>
    /// Whether the header row is the national layout at all: any cell that is a column of either
    /// table. Null when it is not (the JSON-field-name layout applies).
    /// </summary>
    public static bool Looks(IReadOnlyList<string> cells)
        => cells.Select(Normalise).Any(c => PenaltySet.Contains(c) || LicenseSet.Contains(c));

    /// <summary>Recognises the table and maps each column; errors name every header not recognised and any required column missing.</summary>
    public static (NationalHeader? Header, FieldErrors Errors) Recognise(IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var names = cells.Select(Normalise).ToList();
        var kind = names.Contains(PenaltyDocumentNo) || names.Count(PenaltySet.Contains) >= names.Count(LicenseSet.Contains) && !names.Contains(LicenceDocumentNo)
            ? NationalKind.Penalty
            : NationalKind.License;
        var known = kind == NationalKind.Penalty ? PenaltySet : LicenseSet;
        var errors = new FieldErrors();
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name.Length == 0 && cells.Count > 1 && i == cells.Count - 1)
            {
                // A trailing comma after the last header.
                continue;
            }

            if (known.Contains(name) || Recognised.Contains(name, StringComparer.Ordinal) || name == Severity)
            {
                if (!map.TryAdd(name, i))
                {
                    errors.Add("header", $"Column {FieldErrors.Echo(cells[i].Trim())} appears twice.");
                }
            }
            else
            {
                unknown.Add(cells[i].Trim());
            }
        }

        if (unknown.Count > 0)
        {
            errors.Add("header", $"Not recognised as {(kind == NationalKind.Penalty ? "行政处罚" : "行政许可")} columns: {string.Join(", ", unknown.Take(20).Select(FieldErrors.Echo))}.");
        }

        foreach (var required in (kind == NationalKind.Penalty ? PenaltyRequired : LicenseRequired).Where(r => !map.ContainsKey(r)))
        {
            errors.Add("header", $"Required column {required} is missing.");
        }

        return errors.IsEmpty ? (new NationalHeader(kind, map), errors) : (null, errors);
    }

    /// <summary>
    /// The record's sourceId: the kind, then a hash of the document number and the subject's code,
    /// so the same decision in a re-imported file is the same record (and a correction of it).
    /// </summary>
    public static string SourceId(NationalKind kind, string documentNo, string uscc)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{documentNo.Trim()}\n{uscc.Trim().ToUpperInvariant()}"));
        return (kind == NationalKind.Penalty ? "xzcf-" : "xzxk-") + Convert.ToHexStringLower(bytes.AsSpan(0, 16));
    }

    /// <summary>One data row as a record input. <paramref name="uploadSeverity"/> is the upload's <c>?severity=</c>.</summary>
    public static ImportRow FromRow(CsvRow row, NationalHeader header, string? uploadSeverity)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(header);
        if (row.Fields is null)
        {
            return new ImportRow(row.Line, null, FieldErrors.Of("row", row.Error!));
        }

        string? Cell(string column) => header.Columns.TryGetValue(column, out var i) && i < row.Fields.Count && row.Fields[i].Trim() is { Length: > 0 } v ? v : null;

        var errors = new FieldErrors();
        var uscc = Cell(Uscc);
        var penalty = header.Kind == NationalKind.Penalty;
        var documentNo = Cell(penalty ? PenaltyDocumentNo : LicenceDocumentNo);
        var decisionDate = Day(Cell(penalty ? PenaltyDate : LicenceDate), "decisionDate", penalty ? PenaltyDate : LicenceDate, errors);
        var validUntil = Day(Cell(penalty ? PenaltyValidUntil : ValidTo), "validUntil", penalty ? PenaltyValidUntil : ValidTo, errors);
        var deadline = DayOf(Cell(DisclosureDeadline), "details.disclosureDeadline", DisclosureDeadline, errors);
        var validFrom = DayOf(Cell(ValidFrom), "details.validFrom", ValidFrom, errors);
        var fine = Yuan(Cell(Fine), "amount", Fine, errors);
        var confiscated = Yuan(Cell(Confiscated), "details.confiscatedAmount", Confiscated, errors);

        string? severity = null;
        if (penalty)
        {
            severity = SeverityOf(Cell(Severity)) ?? uploadSeverity;
            if (Cell(Severity) is { } given && SeverityOf(given) is null)
            {
                errors.Add("severity", $"失信严重程度 {FieldErrors.Echo(given)} is not 轻微, 一般 or 严重.");
            }
            else if (severity is null)
            {
                errors.Add("severity", "No severity: the row has no 失信严重程度 (轻微/一般/严重) and the upload gave no ?severity=minor|general|serious.");
            }
        }

        if (!errors.IsEmpty)
        {
            return new ImportRow(row.Line, null, errors);
        }

        var details = new RecordDetails(
            penalty ? Cell(PenaltyType) : null, penalty ? Cell(ViolationType) : null, confiscated, penalty ? Cell(SuspendedLicence) : null,
            penalty ? null : Cell(LicenceCategory), penalty ? null : Cell(LicenceDocumentName), penalty ? null : Cell(CertificateName),
            penalty ? null : Cell(CertificateNo), validFrom, penalty ? null : Cell(CurrentStatus), deadline, Cell(DataSource), Cell(DataSourceUscc));

        var title = penalty
            ? Title(Cell(ViolationType), Cell(PenaltyType), Cell(PenaltyContent), "行政处罚")
            : Title(Cell(LicenceDocumentName), Cell(CertificateName), Cell(LicenceContent), "行政许可");
        var input = new RecordInput(
            documentNo is not null && uscc is not null ? SourceId(header.Kind, documentNo, uscc) : null,
            uscc,
            penalty ? RecordCategories.Penalty : RecordCategories.License,
            title,
            penalty ? Join(Cell(Facts), Cell(PenaltyContent)) : Cell(LicenceContent),
            decisionDate,
            documentNo,
            Cell(penalty ? PenaltyAuthority : LicenceAuthority),
            Cell(penalty ? PenaltyAuthorityUscc : LicenceAuthorityUscc),
            penalty ? Cell(PenaltyBasis) : LicenceBasis(Cell(LicenceDocumentName)),
            severity,
            penalty ? null : OutcomeOf(Cell(CurrentStatus)),
            null,
            fine,
            validUntil,
            "public",
            null,
            details);
        return new ImportRow(row.Line, input, null);
    }

    /// <summary>失信严重程度 or an upload's <c>?severity=</c>: 轻微/一般/严重 or minor/general/serious; null for anything else.</summary>
    public static string? SeverityOf(string? value) => value?.Trim() switch
    {
        "轻微" or "minor" => "minor",
        "一般" or "general" => "general",
        "严重" or "serious" => "serious",
        _ => null,
    };

    /// <summary>
    /// A date as departments write it: 2026-05-01, 2026/5/1, 2026.5.1, 2026年5月1日, or an Excel serial
    /// date (days since 1899-12-30, as Excel counts); a time of day after it is ignored.
    /// </summary>
    public static DateOnly? ParseDate(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial))
        {
            // 1 (1900-01-01) … 2958465 (9999-12-31); a fraction is a time of day.
            return serial is >= 1 and < 2958466 ? DateOnly.FromDateTime(new DateTime(1899, 12, 30).AddDays((double)decimal.Floor(serial))) : null;
        }

        var day = value.Split(' ', 'T')[0];
        string[] formats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd"];
        return DateOnly.TryParseExact(day, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    /// <summary>万元 as yuan, exactly (decimal, never floating point); null when the text is not an amount or is finer than a fen.</summary>
    public static decimal? ParseWanYuan(string? text)
    {
        var value = text?.Trim().Replace(",", string.Empty, StringComparison.Ordinal).Replace("，", string.Empty, StringComparison.Ordinal);
        if (string.IsNullOrEmpty(value) || !decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var wan))
        {
            return null;
        }

        var yuan = wan * 10_000m;
        return yuan == decimal.Round(yuan, 2) ? decimal.Round(yuan, 2) : null;
    }

    private static string? Day(string? text, string field, string column, FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (ParseDate(text) is { } date)
        {
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        errors.Add(field, $"{column} {FieldErrors.Echo(text)} is not a date: 2026-05-01, 2026/5/1, 2026年5月1日 or an Excel serial date.");
        return null;
    }

    private static DateOnly? DayOf(string? text, string field, string column, FieldErrors errors)
        => Day(text, field, column, errors) is { } day ? DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    private static decimal? Yuan(string? text, string field, string column, FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        var yuan = ParseWanYuan(text);
        if (yuan is null)
        {
            errors.Add(field, $"{column} {FieldErrors.Echo(text)} is not an amount in 万元 (at most six decimals: a fen).");
        }

        return yuan;
    }

    /// <summary>当前状态: 有效/正常 (or blank) is a granted licence; 撤销, 撤回, 吊销, 注销 or 无效 a revoked one.</summary>
    private static string? OutcomeOf(string? status)
        => status is null || status.Contains("有效", StringComparison.Ordinal) && !status.Contains("无效", StringComparison.Ordinal) || status.Contains("正常", StringComparison.Ordinal)
            ? "granted"
            : status.Contains('撤') || status.Contains('吊') || status.Contains('注') || status.Contains("无效", StringComparison.Ordinal) ? "revoked" : status;

    /// <summary>A licence record needs a legal basis; the standard has none, so it is the decision document's name.</summary>
    private static string LicenceBasis(string? documentName) => documentName ?? "行政许可决定";

    private static string Title(string? first, string? second, string? third, string fallback)
    {
        var title = first ?? second ?? third ?? fallback;
        return title.Length <= RecordValidator.MaxTitleLength ? title : title[..RecordValidator.MaxTitleLength];
    }

    private static string? Join(string? facts, string? content)
        => facts is null ? content : content is null ? facts : $"{facts}\n处罚内容：{content}";
}
