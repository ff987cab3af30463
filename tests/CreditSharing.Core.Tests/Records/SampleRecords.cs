using CreditSharing.Core.Records;

namespace CreditSharing.Core.Tests.Records;

/// <summary>A department's penalty record as the Records tests use it; only the enterprise, id and content vary.</summary>
public static class SampleRecords
{
    public const string Provider = "sw-zmd";

    public static CreditRecord Penalty(string uscc, string sourceId, string? content = null) => new(
        Provider,
        sourceId,
        uscc,
        "penalty",
        "未按规定公示年度报告",
        content,
        new DateOnly(2026, 5, 1),
        "驻市监罚〔2026〕12号",
        "驻马店市市场监督管理局",
        null,
        "《企业信息公示暂行条例》第十八条",
        "general",
        null,
        null,
        5000.00m,
        null,
        "public");
}
