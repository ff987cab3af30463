using CreditSharing.Core.Grading;

namespace CreditSharing.Functions.Pages;

/// <summary>
/// The one table that turns the codes Core returns into the Chinese a page shows: a consumer or a
/// regulator meets no English code on a page, while the JSON APIs keep the codes. An unknown code
/// falls back to itself rather than vanish; PageLabelsTests fails as soon as Core can emit a code
/// this table lacks.
/// </summary>
public static class PageLabels
{
    /// <summary>Product categories of the traceability plan (<c>TraceVocabulary.Categories</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> TraceCategories = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["wheat"] = "小麦", ["corn"] = "玉米", ["peanut"] = "花生", ["sesame"] = "芝麻", ["pork"] = "猪肉", ["beef-mutton"] = "牛羊肉",
        ["poultry"] = "禽肉", ["fruit-vegetable"] = "果蔬", ["edible-fungus"] = "食用菌", ["cotton"] = "棉花", ["drug"] = "药品",
        ["tcm-herb"] = "中药材", ["nonferrous-metal"] = "有色金属", ["coal"] = "煤炭", ["dairy"] = "乳制品", ["aquatic"] = "水产品",
        ["quick-frozen"] = "速冻食品",
    };

    /// <summary>Steps of a trace chain (<c>TraceVocabulary.Steps</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> Steps = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["produce"] = "生产", ["process"] = "加工", ["inspect"] = "检验检疫", ["store"] = "仓储",
        ["transport"] = "运输", ["wholesale"] = "批发", ["retail"] = "零售", ["recall"] = "召回",
    };

    /// <summary>How a product is kept (<c>TraceVocabulary.StorageModes</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> StorageModes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ambient"] = "常温", ["chilled"] = "冷藏", ["frozen"] = "冷冻",
    };

    /// <summary>An actor's warnings as the scan banner states them (<c>ActorWarnings.All</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> ActorWarnings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["black-list"] = "列入严重失信主体名单（黑榜）", ["grade-d"] = "信用等级D",
    };

    /// <summary>The same warnings as the short tags beside an actor in the timeline.</summary>
    public static readonly IReadOnlyDictionary<string, string> ActorWarningTags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["black-list"] = "严重失信", ["grade-d"] = "信用D级",
    };

    /// <summary>Credit record categories (<c>RecordCategories.All</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> RecordCategoryNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["license"] = "行政许可", ["penalty"] = "行政处罚", ["tax-rating"] = "纳税信用", ["social-security-arrears"] = "社保欠缴",
        ["utility-arrears"] = "水电气暖欠费", ["customs-credit"] = "海关信用", ["transport-credit"] = "交通运输信用", ["commitment"] = "信用承诺",
        ["inspection"] = "双随机抽查", ["complaint"] = "投诉举报", ["honour"] = "表彰荣誉", ["court-dishonest"] = "失信被执行人",
        ["industry-rating"] = "行业信用评价",
    };

    /// <summary>
    /// Each category's severity, rating or outcome (<c>CategorySpec.AllowedValues</c>), by category: the
    /// same code means different things in different categories (<c>general</c> of a penalty and of customs).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Qualifiers = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
    {
        ["license"] = Kind(("granted", "准予许可"), ("revoked", "撤销许可")),
        ["penalty"] = Kind(("minor", "轻微"), ("general", "一般"), ("serious", "严重")),
        ["tax-rating"] = Kind(("A", "A级"), ("B", "B级"), ("M", "M级"), ("C", "C级"), ("D", "D级")),
        ["social-security-arrears"] = Kind(("active", "未结清"), ("cleared", "已结清")),
        ["utility-arrears"] = Kind(("active", "未结清"), ("cleared", "已结清")),
        ["customs-credit"] = Kind(("advanced-certified", "高级认证企业"), ("general", "一般信用企业"), ("dishonest", "失信企业")),
        ["transport-credit"] = Kind(("good", "良好"), ("average", "一般"), ("poor", "较差")),
        ["commitment"] = Kind(("pending", "履行中"), ("fulfilled", "已履行"), ("breached", "未履行（失信）")),
        ["inspection"] = Kind(("passed", "合格"), ("failed", "不合格")),
        ["complaint"] = Kind(("verified", "属实"), ("unverified", "未核实")),
        ["honour"] = Kind(),
        ["court-dishonest"] = Kind(("active", "未履行"), ("cleared", "已履行")),
        ["industry-rating"] = Kind(
            ("AAA", "AAA级"), ("AA", "AA级"), ("A", "A级"), ("B", "B级"), ("C", "C级"),
            ("5A", "5A级物流企业"), ("4A", "4A级物流企业"), ("3A", "3A级物流企业"), ("2A", "2A级物流企业"), ("1A", "1A级物流企业")),
    };

    /// <summary>Red, black and watch lists (<c>ListTypes.All</c>); the watch list is never on a public page.</summary>
    public static readonly IReadOnlyDictionary<string, string> ListTypeNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["red"] = "红榜", ["black"] = "黑榜", ["watch"] = "重点关注名单",
    };

    /// <summary>The city's counties and <c>other</c> (the grade index's partition for everything else).</summary>
    public static readonly IReadOnlyDictionary<string, string> Counties =
        Core.Shared.Counties.All.Append(new(GradeIndex.OtherCounty, "其他")).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

    /// <summary>A record's disclosure tier (<c>RecordCategories.DisclosureTiers</c>), shown to the enterprise on /me.</summary>
    public static readonly IReadOnlyDictionary<string, string> DisclosureTierNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["public"] = "公开", ["shared"] = "共享", ["restricted"] = "受限",
    };

    /// <summary>An objection's status (<c>ObjectionStatuses</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> ObjectionStatusNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["open"] = "处理中", ["upheld"] = "维持原信息", ["corrected"] = "已更正", ["withdrawn"] = "已撤销",
    };

    /// <summary>A repair application's status (<c>RepairApplicationStatuses</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> RepairStatusNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["submitted"] = "已提交，待审核", ["granted"] = "准予修复", ["refused"] = "不予修复",
    };

    /// <summary>A commitment's status (<c>CommitmentStatuses</c>), as the public page words it.</summary>
    public static readonly IReadOnlyDictionary<string, string> CommitmentStatusNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["active"] = "履约中", ["fulfilled"] = "已履约", ["breached"] = "已违诺",
    };

    /// <summary>The tag of a record or list entry under an open objection (<c>disputed</c>: 异议处理中); it still counts until decided.</summary>
    public const string Disputed = "异议处理中";

    public static string TraceCategory(string code) => Label(TraceCategories, code);

    public static string Step(string code) => Label(Steps, code);

    public static string StorageMode(string code) => Label(StorageModes, code);

    public static string ActorWarning(string code) => Label(ActorWarnings, code);

    public static string ActorWarningTag(string code) => Label(ActorWarningTags, code);

    public static string RecordCategory(string code) => Label(RecordCategoryNames, code);

    /// <summary>A record's severity, rating or outcome in the words of its category.</summary>
    public static string Qualifier(string category, string code) => Qualifiers.TryGetValue(category, out var kind) ? Label(kind, code) : code;

    public static string ListType(string code) => Label(ListTypeNames, code);

    public static string County(string code) => Label(Counties, code);

    /// <summary>The label of <paramref name="code"/>, or the code itself when the table lacks it.</summary>
    public static string Label(IReadOnlyDictionary<string, string> kind, string code)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.TryGetValue(code, out var label) ? label : code;
    }

    private static IReadOnlyDictionary<string, string> Kind(params (string Code, string Label)[] labels)
        => labels.ToDictionary(l => l.Code, l => l.Label, StringComparer.Ordinal);
}
