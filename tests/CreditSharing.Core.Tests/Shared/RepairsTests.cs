using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Shared;

/// <summary>The repair rules of 2026 (<see cref="Repairs"/>): malformed values are invalid (400), unmet requirements unprocessable (422).</summary>
public sealed class RepairsTests
{
    private static readonly DateOnly Today = new(2026, 9, 1);

    private static RepairInput Valid() => new("已整改", "驻信修〔2026〕5号", new RepairCommitmentInput("依法诚信经营", "2026-08-20"), true, ["整改报告"]);

    [Fact]
    public void AcceptsACompleteRepairTrimmingItsText()
    {
        var check = Repairs.Check(new RepairInput(" 已整改 ", " D-1 ", new RepairCommitmentInput(" 依法诚信经营 ", "2026-09-01"), true, [" 整改报告 "]), Today);

        Assert.True(check.Invalid.IsEmpty);
        Assert.True(check.Missing.IsEmpty);
        Assert.Equal(("已整改", "D-1", new RepairCommitment("依法诚信经营", Today), true), (check.Value!.Reason, check.Value.DocumentNo, check.Value.Commitment, check.Value.ObligationsFulfilled));
        Assert.Equal(["整改报告"], check.Value.Evidence);
    }

    [Fact]
    public void NamesEveryUnmetRequirementOfAnOldStyleBody()
    {
        var check = Repairs.Check(new RepairInput("已整改", "D-1"), Today);

        Assert.Null(check.Value);
        Assert.True(check.Invalid.IsEmpty);
        Assert.Equal(["commitment", "evidence", "obligationsFulfilled"], check.Missing.ToDictionary().Keys);
    }

    [Fact]
    public void NamesTheMissingPartsOfACommitmentAndObligationsNotFulfilled()
    {
        var check = Repairs.Check(Valid() with { Commitment = new RepairCommitmentInput(" ", null), ObligationsFulfilled = false, Evidence = [] }, Today);

        Assert.Equal(["commitment.signedOn", "commitment.text", "evidence", "obligationsFulfilled"], check.Missing.ToDictionary().Keys);
    }

    [Fact]
    public void KeepsReasonAndDocumentNumberRequiredAsInvalid()
    {
        var check = Repairs.Check(Valid() with { Reason = null, DocumentNo = " " }, Today);

        Assert.Equal(["documentNo", "reason"], check.Invalid.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("2026-9-1", "commitment.signedOn")]
    [InlineData("2026-09-02", "commitment.signedOn")]
    [InlineData("not a date", "commitment.signedOn")]
    public void RejectsABadOrFutureSigningDay(string signedOn, string field)
    {
        var check = Repairs.Check(Valid() with { Commitment = new RepairCommitmentInput("依法诚信经营", signedOn) }, Today);

        Assert.Equal([field], check.Invalid.ToDictionary().Keys);
    }

    [Fact]
    public void RejectsControlCharactersAndOverLongText()
    {
        var check = Repairs.Check(
            Valid() with { Reason = "a\u001bb", Commitment = new RepairCommitmentInput(new string('诺', Repairs.MaxCommitmentLength + 1), "2026-08-20"), Evidence = ["ok", "x\u0000y", new string('证', Repairs.MaxEvidenceLength + 1)] },
            Today);

        Assert.Equal(["commitment.text", "evidence[1]", "evidence[2]", "reason"], check.Invalid.ToDictionary().Keys);
    }

    [Fact]
    public void AllowsLineBreaksInTheCommitment()
    {
        var check = Repairs.Check(Valid() with { Commitment = new RepairCommitmentInput("第一条\n第二条", "2026-08-20") }, Today);

        Assert.NotNull(check.Value);
    }

    [Fact]
    public void RejectsMoreThanTwentyEvidenceItems()
    {
        var check = Repairs.Check(Valid() with { Evidence = [.. Enumerable.Range(0, 21).Select(i => $"证据{i}")] }, Today);

        Assert.Equal(["evidence"], check.Invalid.ToDictionary().Keys);
    }

    [Fact]
    public void ReadsACommitmentKeptAsTextBeforeTheRulesAndWritesItAsAnObject()
    {
        var old = System.Text.Json.JsonSerializer.Deserialize<RepairCommitment>("\"守法经营\"", WireJson.Options);
        var written = System.Text.Json.JsonSerializer.Serialize(new RepairCommitment("守法经营", new DateOnly(2026, 8, 20)), WireJson.Options);

        Assert.Equal(new RepairCommitment("守法经营", null), old);
        Assert.Equal("{\"text\":\"守法经营\",\"signedOn\":\"2026-08-20\"}", written);
        Assert.Equal(new RepairCommitment("守法经营", new DateOnly(2026, 8, 20)), System.Text.Json.JsonSerializer.Deserialize<RepairCommitment>(written, WireJson.Options));
    }
}
