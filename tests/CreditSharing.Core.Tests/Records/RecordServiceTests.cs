using System.Text.Json;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Records;

/// <summary>The static part of <see cref="RecordService"/>: how accepted records become queue messages.</summary>
public sealed class RecordServiceTests
{
    private const string SubmissionId = "0f8fad5bd9cb469fa16570867728950e";
    private const string Provider = SampleRecords.Provider;
    private const string Yicheng = "91411702MA6ULN0X2U";
    private const string Xiping = "91411721MA95XDFT69";
    private const string Shangcai = "91411722MAP5C64K8Q";

    private static readonly DateTimeOffset ReceivedAt = new(2026, 6, 15, 2, 30, 0, TimeSpan.Zero);

    private static CreditRecord Record(string uscc, string sourceId, string? content = null) => SampleRecords.Penalty(uscc, sourceId, content);

    private static CreditRecord LargeRecord(string uscc, int index) =>
        Record(uscc, $"SW-{index:D4}", string.Concat(Enumerable.Repeat("驻马店市市场监督管理局", 400))[..RecordValidator.MaxContentLength]);

    private static int JsonBytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, WireJson.Options).Length;

    private static List<RecordBatchMessage> Messages(IEnumerable<CreditRecord> records)
        => RecordService.Messages(SubmissionId, Provider, ReceivedAt, records).ToList();

    [Fact]
    public void MakesNoMessageWithoutRecords()
    {
        var messages = Messages([]);

        Assert.Empty(messages);
    }

    [Fact]
    public void PutsOneEnterprisesFewRecordsInOneMessage()
    {
        var records = new[] { Record(Yicheng, "SW-1"), Record(Yicheng, "SW-2"), Record(Yicheng, "SW-3") };

        var messages = Messages(records);

        var message = Assert.Single(messages);
        Assert.Equal(SubmissionId, message.SubmissionId);
        Assert.Equal(Provider, message.ProviderId);
        Assert.Equal(ReceivedAt, message.ReceivedAt);
        Assert.Equal(records, message.Records);
    }

    [Fact]
    public void PacksSeveralEnterprisesIntoOneMessageKeepingEachEnterprisesRecordsTogether()
    {
        var records = new[]
        {
            Record(Yicheng, "SW-1"), Record(Xiping, "SW-2"), Record(Yicheng, "SW-3"), Record(Shangcai, "SW-4"), Record(Xiping, "SW-5"),
        };

        var messages = Messages(records);

        var message = Assert.Single(messages);
        Assert.Equal(["SW-1", "SW-3", "SW-2", "SW-5", "SW-4"], message.Records.Select(r => r.SourceId));
    }

    [Fact]
    public void PacksFiveHundredEnterprisesIntoAHandfulOfMessages()
    {
        var records = Enumerable.Range(0, 500)
            .Select(i => Record(Uscc.Compose('9', '1', "411702", $"MA{i:D6}").Value, $"SW-{i}"))
            .ToList();

        var messages = Messages(records);

        Assert.InRange(messages.Count, 1, 10);
        Assert.All(messages, m => Assert.InRange(JsonBytes(m), 1, RecordService.MaxMessageJsonBytes));
        Assert.Equal(records, messages.SelectMany(m => m.Records));
    }

    [Fact]
    public void SplitsOneEnterprisesRecordsSoEachMessageStaysUnderTheLimit()
    {
        var records = Enumerable.Range(1, 20).Select(i => LargeRecord(Yicheng, i)).ToList();
        Assert.True(JsonBytes(records) > 4 * RecordService.MaxMessageJsonBytes);

        var messages = Messages(records);

        Assert.True(messages.Count > 1);
        Assert.All(messages, m =>
        {
            Assert.NotEmpty(m.Records);
            Assert.InRange(JsonBytes(m), 1, RecordService.MaxMessageJsonBytes);
        });
        Assert.Equal(records, messages.SelectMany(m => m.Records));
    }

    [Fact]
    public void KeepsEveryRecordExactlyOnceWhenSplittingSeveralEnterprises()
    {
        var records = Enumerable.Range(1, 30).Select(i => LargeRecord(i % 3 == 0 ? Xiping : Yicheng, i)).ToList();

        var messages = Messages(records);

        Assert.All(messages, m => Assert.InRange(JsonBytes(m), 1, RecordService.MaxMessageJsonBytes));
        var delivered = messages.SelectMany(m => m.Records).ToList();
        Assert.Equal(records.Count, delivered.Count);
        Assert.Equal(records.Select(r => r.Id).Order(StringComparer.Ordinal), delivered.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal(records.Where(r => r.Uscc == Yicheng), delivered.Where(r => r.Uscc == Yicheng));
        Assert.Equal(records.Where(r => r.Uscc == Xiping), delivered.Where(r => r.Uscc == Xiping));
    }

    [Fact]
    public void FillsEachMessageBeforeStartingTheNext()
    {
        var records = Enumerable.Range(1, 10).Select(i => LargeRecord(Yicheng, i)).ToList();
        var perRecord = JsonBytes(records[0]);
        var perMessage = RecordService.MaxMessageJsonBytes / perRecord;

        var messages = Messages(records);

        Assert.All(messages.SkipLast(1), m => Assert.Equal(perMessage, m.Records.Count));
        Assert.Equal((records.Count + perMessage - 1) / perMessage, messages.Count);
    }

    [Fact]
    public void CountsTheEnvelopeSoARecordSetThatFitsOnlyWithoutItIsSplit()
    {
        // Three records of 4,000 × '信' (3 bytes each in UTF-8) and one of 3,040 ASCII characters: the
        // records and their commas fit under the limit, but not together with the message envelope.
        var records = new[]
        {
            Record(Yicheng, "SW-1", new string('信', RecordValidator.MaxContentLength)),
            Record(Yicheng, "SW-2", new string('信', RecordValidator.MaxContentLength)),
            Record(Yicheng, "SW-3", new string('信', RecordValidator.MaxContentLength)),
            Record(Yicheng, "SW-4", new string('a', 3040)),
        };
        Assert.True(records.Sum(r => JsonBytes(r) + 1) <= RecordService.MaxMessageJsonBytes);
        Assert.True(JsonBytes(new RecordBatchMessage(SubmissionId, Provider, ReceivedAt, records)) > RecordService.MaxMessageJsonBytes);

        var messages = Messages(records);

        Assert.True(messages.Count > 1);
        Assert.All(messages, m =>
        {
            Assert.NotEmpty(m.Records);
            Assert.InRange(JsonBytes(m), 1, RecordService.MaxMessageJsonBytes);
        });
        var delivered = messages.SelectMany(m => m.Records).ToList();
        Assert.Equal(records, delivered);
        Assert.Equal(["SW-1", "SW-2", "SW-3", "SW-4"], delivered.Select(r => r.SourceId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void KeepsChineseTextExactlyInTheMessageJson()
    {
        var record = LargeRecord(Yicheng, 1);
        var message = Assert.Single(Messages([record]));

        var json = JsonSerializer.Serialize(message, WireJson.Options);
        var back = JsonSerializer.Deserialize<RecordBatchMessage>(json, WireJson.Options);

        Assert.Contains("驻马店市市场监督管理局", json, StringComparison.Ordinal);
        Assert.NotNull(back);
        Assert.Equal(record, Assert.Single(back.Records));
    }
}
