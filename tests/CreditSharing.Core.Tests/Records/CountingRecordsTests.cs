using CreditSharing.Core.Records;

namespace CreditSharing.Core.Tests.Records;

/// <summary>What grading and 信易贷 count (<see cref="CountingRecords"/>): repaired and withdrawn decisions do not.</summary>
public sealed class CountingRecordsTests
{
    private const string Yicheng = "91411702MA6ULN0X2U";
    private static readonly DateOnly Today = new(2026, 9, 1);

    private static CreditRecord Penalty(string sourceId, string provider = SampleRecords.Provider, string documentNo = "驻市监罚〔2026〕12号")
        => SampleRecords.Penalty(Yicheng, sourceId) with { ProviderId = provider, DocumentNo = documentNo };

    [Fact]
    public void LeavesOutAWithdrawnRecordAndEveryCopyOfItsDecision()
    {
        var own = Penalty("P-1");
        var copy = Penalty("FWD-1", provider: "platform-henan");
        var other = Penalty("P-2", documentNo: "驻市监罚〔2026〕13号");

        var counting = CountingRecords.Counting([new(own, null, WithdrawnOn: Today), new(copy, null), new(other, null)], Today);

        Assert.Equal([other], counting);
    }

    [Fact]
    public void CountsARecordUntilItsWithdrawalDay()
    {
        var record = Penalty("P-1");

        var counting = CountingRecords.Counting([new(record, null, WithdrawnOn: Today.AddDays(1))], Today);

        Assert.Equal([record], counting);
    }

    [Fact]
    public void LeavesOutARepairedRecordAsBefore()
    {
        var counting = CountingRecords.Counting([new(Penalty("P-1"), RepairedOn: Today)], Today);

        Assert.Empty(counting);
    }
}
