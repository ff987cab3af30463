using CreditSharing.Core.Records;

namespace CreditSharing.Core.Tests.Records;

/// <summary><see cref="Decisions"/>: one decision, one count (docs/records.md).</summary>
public sealed class DecisionsTests
{
    private const string Uscc = "91411702MA6ULN0X2U";
    private const string Authority = "驻马店市市场监督管理局";
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static CreditRecord Penalty(string provider, string sourceId, string? documentNo = "驻市监罚〔2026〕12号", string authority = Authority, string severity = "general", string uscc = Uscc)
        => new(provider, sourceId, uscc, RecordCategories.Penalty, "销售过期食品", null, new DateOnly(2026, 5, 1), documentNo, authority, null, "《食品安全法》", severity, null, null, 5000m, null, "public");

    private static CreditRecord Arrears(string provider, string sourceId, DateOnly decided, string outcome, string category = RecordCategories.SocialSecurityArrears)
        => new(provider, sourceId, Uscc, category, "欠缴社会保险费", null, decided, null, "驻马店市人力资源和社会保障局", null, null, null, outcome, null, null, null, "shared");

    [Fact]
    public void CopiesOfOneDecisionFromTwoProvidersAreOneDecisionWithBothAsSources()
    {
        var original = Penalty("scjg", "SJ-1");
        var forwarded = Penalty("xypt", "FWD-9");

        var decision = Assert.Single(Decisions.Group([forwarded, original]));

        Assert.Equal(original, decision.Record);
        Assert.Equal(["scjg~SJ-1", "xypt~FWD-9"], decision.Sources);
    }

    [Theory]
    [InlineData(" 驻市监罚〔2026〕12号 ")]
    [InlineData("驻市监罚[2026]12号")]
    [InlineData("驻市监罚［２０２６］１２号")]
    [InlineData("驻市监罚（2026）12号")]
    [InlineData("驻市监罚【2026】12号")]
    [InlineData("驻市监罚 〔2026〕 12号")]
    public void WritesTheYearBracketsWidthAndSpacesOfADocumentNumberAlike(string documentNo)
    {
        var decisions = Decisions.Group([Penalty("scjg", "SJ-1"), Penalty("xypt", "FWD-9", documentNo)]);

        Assert.Single(decisions);
    }

    [Fact]
    public void KeepsDecisionsApartWhenTheDocumentNumberAuthorityCategoryOrEnterpriseDiffers()
    {
        var decisions = Decisions.Group(
        [
            Penalty("scjg", "SJ-1"),
            Penalty("xypt", "FWD-1", documentNo: "驻市监罚〔2026〕13号"),
            Penalty("xypt", "FWD-2", authority: "驿城区市场监督管理局"),
            Penalty("xypt", "FWD-3", uscc: "91411721MA95XDFT69"),
            Penalty("xypt", "FWD-4") with { Category = RecordCategories.License, Severity = null, Outcome = "granted" },
        ]);

        Assert.Equal(5, decisions.Count);
    }

    [Fact]
    public void NeverMergesRecordsWithoutADocumentNumber()
    {
        var decisions = Decisions.Group([Penalty("scjg", "SJ-1", documentNo: null), Penalty("xypt", "FWD-9", documentNo: "  ")]);

        Assert.Equal(2, decisions.Count);
        Assert.Null(Decisions.KeyOf(Penalty("scjg", "SJ-1", documentNo: " ")));
    }

    [Fact]
    public void CountsOneCopyOfEachDecisionTheLowestRecordId()
    {
        var counting = Decisions.Counting([Penalty("xypt", "FWD-9"), Penalty("scjg", "SJ-1"), Penalty("xypt", "FWD-10", documentNo: "驻市监罚〔2026〕99号")], Today);

        Assert.Equal(["scjg~SJ-1", "xypt~FWD-10"], counting.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal(counting, Decisions.Counting(counting, Today));
    }

    [Fact]
    public void AClearedRecordEndsTheEarlierActiveRecordOfTheSameProviderAndCategory()
    {
        var active = Arrears("rs", "SB-1", new DateOnly(2026, 1, 10), "active");
        var cleared = Arrears("rs", "SB-2", new DateOnly(2026, 3, 1), "cleared");

        var decisions = Decisions.Group([active, cleared]);
        var ended = Decisions.Ended(decisions);

        Assert.Equal(new DecisionEnd("rs~SB-2", "rs", new DateOnly(2026, 3, 1)), ended["rs~SB-1"]);
        Assert.Equal(["rs~SB-2"], Decisions.Counting([active, cleared], Today).Select(r => r.Id));
    }

    [Fact]
    public void AClearedRecordOnTheSameDayEndsTheActiveOne()
    {
        var counting = Decisions.Counting([Arrears("rs", "SB-1", new DateOnly(2026, 3, 1), "active"), Arrears("rs", "SB-2", new DateOnly(2026, 3, 1), "cleared")], Today);

        Assert.DoesNotContain(counting, r => r.Outcome == "active");
    }

    [Fact]
    public void AClearedRecordLeavesActiveRecordsOfLaterDatesOtherProvidersAndOtherCategories()
    {
        CreditRecord[] records =
        [
            Arrears("rs", "SB-2", new DateOnly(2026, 3, 1), "cleared"),
            Arrears("rs", "SB-3", new DateOnly(2026, 4, 1), "active"),
            Arrears("tax", "SB-1", new DateOnly(2026, 1, 10), "active"),
            Arrears("rs", "UT-1", new DateOnly(2026, 1, 10), "active", RecordCategories.UtilityArrears),
        ];

        var counting = Decisions.Counting(records, Today);

        Assert.Equal(["rs~SB-3", "rs~UT-1", "tax~SB-1"], counting.Where(r => r.Outcome == "active").Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AClearedRecordDecidedAfterTheGradedDayDoesNotEndTheActiveOneYet()
    {
        CreditRecord[] records = [Arrears("rs", "SB-1", new DateOnly(2026, 1, 10), "active"), Arrears("rs", "SB-2", new DateOnly(2026, 7, 1), "cleared")];

        Assert.Equal(["rs~SB-1"], Decisions.Counting(records, Today).Select(r => r.Id));
        Assert.Equal(["rs~SB-2"], Decisions.Counting(records, new DateOnly(2026, 7, 1)).Select(r => r.Id));
    }

    [Fact]
    public void AClearedRecordFromAnyProviderOfACopyEndsTheWholeDecision()
    {
        var court = Arrears("court", "SX-1", new DateOnly(2026, 1, 10), "active", RecordCategories.CourtDishonest) with { DocumentNo = "(2026)豫1702执123号", Authority = "驿城区人民法院" };
        var forwarded = court with { ProviderId = "xypt", SourceId = "FWD-SX-1" };
        var cleared = Arrears("court", "SX-2", new DateOnly(2026, 5, 1), "cleared", RecordCategories.CourtDishonest);

        var counting = Decisions.Counting([forwarded, court, cleared], Today);

        Assert.Equal(["court~SX-2"], counting.Select(r => r.Id));
    }
}
