using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Records;

/// <summary>
/// The content hash stored with every record, which decides whether a redelivered record is
/// unchanged or a correction. Its exact value is pinned: a drift would turn every redelivery into a
/// correction (a new revision) of a record that did not change.
/// </summary>
public sealed class RecordContentHashTests
{
    /// <summary>SHA-256 of <see cref="RecordJson"/>: <c>printf %s "$json" | sha256sum</c>.</summary>
    private const string ContentHash = "fee48e294f6f2cf025768cbcc77a2fb2680e0393e81219a606bf41a8eecd2640";

    /// <summary>
    /// What the record is hashed as: camelCase in declaration order and the computed id last, nulls
    /// kept, dates as yyyy-MM-dd, the amount with its scale, Chinese written as is and HTML-sensitive
    /// characters escaped.
    /// </summary>
    private const string RecordJson = """{"providerId":"sw-zmd","sourceId":"CF-2026/0042#1","uscc":"91411702MA6ULN0X2U","category":"penalty","title":"未按规定公示年度报告 \u003C逾期\u003E \u0026 \u0022补报\u0022","content":null,"decisionDate":"2026-03-05","documentNo":"驻市监罚〔2026〕12号","authority":"驻马店市市场监督管理局","authorityUscc":null,"legalBasis":"《企业信息公示暂行条例》第十八条","severity":"general","outcome":null,"rating":null,"amount":12345.50,"validUntil":"2029-03-04","disclosure":"public","id":"sw-zmd~CF-2026%2F0042%231"}""";

    private static CreditRecord Record => new(
        "sw-zmd",
        "CF-2026/0042#1",
        "91411702MA6ULN0X2U",
        "penalty",
        "未按规定公示年度报告 <逾期> & \"补报\"",
        null,
        new DateOnly(2026, 3, 5),
        "驻市监罚〔2026〕12号",
        "驻马店市市场监督管理局",
        null,
        "《企业信息公示暂行条例》第十八条",
        "general",
        null,
        null,
        12345.50m,
        new DateOnly(2029, 3, 4),
        "public");

    [Fact]
    public void HashesARecordWithChineseTextADecimalNullsAndDatesToItsPinnedValue()
    {
        Assert.Equal(ContentHash, RecordWriter.Hash(Record));
    }

    [Fact]
    public void HashIsTheSha256OfTheRecordsCanonicalJson()
    {
        var expected = Sha256(RecordJson);

        Assert.Equal(ContentHash, expected);
        Assert.Equal(expected, RecordWriter.Hash(Record));
    }

    [Fact]
    public void KeepsTheScaleOfTheAmountInTheHash()
    {
        var rescaled = Record with { Amount = 12345.5m };

        Assert.NotEqual(RecordWriter.Hash(Record), RecordWriter.Hash(rescaled));
    }

    [Fact]
    public void ChangesWhenAnyFieldChanges()
    {
        var hash = RecordWriter.Hash(Record);

        Assert.NotEqual(hash, RecordWriter.Hash(Record with { Content = "" }));
        Assert.NotEqual(hash, RecordWriter.Hash(Record with { ValidUntil = null }));
        Assert.NotEqual(hash, RecordWriter.Hash(Record with { DecisionDate = new DateOnly(2026, 3, 6) }));
    }

    [Fact]
    public void StaysPinnedWhereHarmlessLookingChangesToTheWireOptionsWouldHaveMovedIt()
    {
        var relaxed = new JsonSerializerOptions(WireJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var nullsSkipped = new JsonSerializerOptions(WireJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

        Assert.NotEqual(ContentHash, Sha256(JsonSerializer.Serialize(Record, relaxed)));
        Assert.NotEqual(ContentHash, Sha256(JsonSerializer.Serialize(Record, nullsSkipped)));
        Assert.Equal(ContentHash, RecordWriter.Hash(Record));
    }

    private static string Sha256(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
