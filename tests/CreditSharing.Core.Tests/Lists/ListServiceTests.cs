using System.Text;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Tests.Grading;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Lists;

/// <summary><see cref="ListService"/> over in-memory stores; the city's day is 2026-06-15.</summary>
public sealed class ListServiceTests
{
    private const string Provider = "sw-zmd";
    private const string Listed = "91411702MA6ULN0X2U";
    private static readonly Uscc ParsedUscc = Uscc.TryParse(Listed, out var parsed, out _) ? parsed : throw new InvalidOperationException();
    private const string RepresentativeId = "411702198001011233";
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 2, 0, 0, TimeSpan.Zero);
    private static readonly byte[] HmacKey = Encoding.UTF8.GetBytes("list-service-tests-key-of-32-chars!");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Fixture() : ListFixture(Now, HmacKey, Provider, "another-dept");

    private static ListEntryInput Entry(string listType = "black", string decidedOn = "2026-06-01", string expiresOn = "2027-06-01", bool? representativeIncluded = null, string sourceId = "L-1")
        => new(listType, Listed, "拒不履行行政处罚决定", "驻马店市市场监督管理局", null, "驻市监黑〔2026〕3号", decidedOn, expiresOn, representativeIncluded, sourceId);

    /// <summary>A repair body meeting the 2026 rules: a signed commitment, obligations fulfilled, evidence.</summary>
    private static RepairInput Repair(string reason, string documentNo, string commitment = "守法经营")
        => new(reason, documentNo, new RepairCommitmentInput(commitment, "2026-06-10"), true, ["缴款凭证 驻财缴〔2026〕88号"]);

    private static async Task<ListEntry> CreatedAsync(Fixture fixture, ListEntryInput input)
    {
        var result = await fixture.Service.CreateAsync(input, Provider, asRegulator: false, Ct);
        Assert.Null(result.Errors);
        return fixture.Entries.All.Single(e => e.Id == result.Value!.EntryId);
    }

    [Fact]
    public async Task RejectsAnEmptyEntryNamingEveryMissingField()
    {
        var fixture = new Fixture();

        var result = await fixture.Service.CreateAsync(new ListEntryInput(null, null, null, null, null, null, null, null, null, null), Provider, asRegulator: false, Ct);

        Assert.Equal(
            ["authority", "decidedOn", "documentNo", "expiresOn", "listType", "reason", "sourceId", "uscc"],
            result.Errors!.ToDictionary().Keys.Order(StringComparer.Ordinal));
        Assert.Empty(fixture.Entries.All);
        Assert.Empty(fixture.GradeRequests.Messages);
    }

    [Fact]
    public async Task RejectsAMissingBodyAsTheBody()
    {
        var result = await new Fixture().Service.CreateAsync(null, Provider, asRegulator: false, Ct);

        Assert.Equal(["body"], result.Errors!.ToDictionary().Keys);
    }

    [Fact]
    public async Task RejectsAnUnknownListTypeAFutureDecisionAndAMalformedAuthorityUscc()
    {
        var input = Entry(listType: "grey", decidedOn: "2026-06-16", expiresOn: "2027-06-16") with { AuthorityUscc = "12345" };

        var errors = (await new Fixture().Service.CreateAsync(input, Provider, asRegulator: false, Ct)).Errors!.ToDictionary();

        Assert.Equal(["authorityUscc", "decidedOn", "listType"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["A list type is red, black or watch."], errors["listType"]);
        Assert.Equal(["The decision date is in the future."], errors["decidedOn"]);
    }

    [Fact]
    public async Task RejectsADateNotWrittenYearMonthDay()
    {
        var errors = (await new Fixture().Service.CreateAsync(Entry(decidedOn: "2026/06/01"), Provider, asRegulator: false, Ct)).Errors!.ToDictionary();

        Assert.Equal(["'2026/06/01' is not a date: write YYYY-MM-DD."], errors["decidedOn"]);
    }

    [Theory]
    [InlineData("2027-05-31", false)]
    [InlineData("2027-06-01", true)]
    [InlineData("2028-12-31", true)]
    [InlineData("2029-06-01", true)]
    [InlineData("2029-06-02", false)]
    public async Task AcceptsABlackEntryLastingOneToThreeYears(string expiresOn, bool accepted)
    {
        var result = await new Fixture().Service.CreateAsync(Entry(expiresOn: expiresOn), Provider, asRegulator: false, Ct);

        if (accepted)
        {
            Assert.True(result.Value!.Created);
        }
        else
        {
            Assert.Equal(["A black entry decided on 2026-06-01 expires between 2027-06-01 and 2029-06-01."], result.Errors!.ToDictionary()["expiresOn"]);
        }
    }

    [Theory]
    [InlineData("2026-06-01", false)]
    [InlineData("2026-06-02", true)]
    [InlineData("2029-06-01", true)]
    [InlineData("2029-06-02", false)]
    public async Task AcceptsARedEntryLastingFromADayToThreeYears(string expiresOn, bool accepted)
    {
        var result = await new Fixture().Service.CreateAsync(Entry(listType: "red", expiresOn: expiresOn), Provider, asRegulator: false, Ct);

        Assert.Equal(accepted, result.Errors is null);
    }

    [Fact]
    public async Task StoresANewEntryWithItsListedHistory()
    {
        var fixture = new Fixture();

        var result = await fixture.Service.CreateAsync(Entry(), Provider, asRegulator: false, Ct);

        Assert.Equal(new ListEntryReceipt(ListEntryId.Of(Provider, "L-1"), Listed, Created: true), result.Value);
        var entry = Assert.Single(fixture.Entries.All);
        Assert.Equal((new DateOnly(2026, 6, 1), new DateOnly(2027, 6, 1), Provider, "L-1"), (entry.DecidedOn, entry.ExpiresOn, entry.ProviderId, entry.SourceId));
        Assert.Null(entry.EndedOn);
        Assert.Equal([new ListEntryEvent("listed", Now, Provider, "拒不履行行政处罚决定", "驻市监黑〔2026〕3号", null)], entry.History);
    }

    [Theory]
    [InlineData("red")]
    [InlineData("black")]
    public async Task ProjectsAnActiveRedOrBlackEntryToItsPublicList(string listType)
    {
        var fixture = new Fixture();

        var entry = await CreatedAsync(fixture, Entry(listType: listType));

        var item = Assert.Single(fixture.PublicLists.Items(listType));
        Assert.Equal(
            new PublicListItem(Listed, null, "411702", "驿城区", entry.Id, "拒不履行行政处罚决定", "驻马店市市场监督管理局", "驻市监黑〔2026〕3号", new DateOnly(2026, 6, 1), new DateOnly(2027, 6, 1)),
            item);
    }

    [Fact]
    public async Task NeverProjectsAWatchEntryToAPublicList()
    {
        var fixture = new Fixture();

        await CreatedAsync(fixture, Entry(listType: "watch"));

        Assert.Equal(0, fixture.PublicLists.Puts);
        Assert.Empty(await fixture.Service.ActivePublicEntriesAsync(ParsedUscc, Ct));
    }

    [Fact]
    public async Task DoesNotProjectAnEntryWhoseTermHasAlreadyEnded()
    {
        var fixture = new Fixture();

        await CreatedAsync(fixture, Entry(decidedOn: "2023-06-01", expiresOn: "2026-06-01"));

        Assert.Equal(0, fixture.PublicLists.Puts);
        Assert.Single(fixture.Entries.All);
    }

    [Fact]
    public async Task RequestsARegradeOfTheListedEnterprise()
    {
        var fixture = new Fixture();

        await fixture.Service.CreateAsync(Entry(), Provider, asRegulator: false, Ct);

        var request = Assert.Single(fixture.GradeRequests.Messages);
        Assert.Equal([Listed], request.Usccs);
        Assert.Equal(("list-entry", Now), (request.Reason, request.RequestedAt));
    }

    [Fact]
    public async Task TreatsTheSameSourceIdAgainAsTheSameEntry()
    {
        var fixture = new Fixture();
        var first = await fixture.Service.CreateAsync(Entry(), Provider, asRegulator: false, Ct);

        var again = await fixture.Service.CreateAsync(Entry(), Provider, asRegulator: false, Ct);

        Assert.Equal(new ListEntryReceipt(first.Value!.EntryId, Listed, Created: false), again.Value);
        Assert.Equal(1, Assert.Single(fixture.Entries.All).Revision);
        Assert.Equal(1, fixture.PublicLists.Puts);
        Assert.Single(fixture.GradeRequests.Messages);
    }

    [Fact]
    public async Task IndexesTheLegalRepresentativeByTheKeyedHashOfTheIdNumberWhenIncluded()
    {
        var fixture = new Fixture();
        fixture.Enterprises.Add(new EnterpriseProfile(Listed, "驻马店市示例商贸有限公司", new LegalRepresentative("张三", RepresentativeId), null, "411702", null));

        var entry = await CreatedAsync(fixture, Entry(representativeIncluded: true));

        Assert.Equal([new IdentityHasher(HmacKey).Hash(RepresentativeId)], fixture.Representatives.Keys);
        Assert.DoesNotContain(fixture.Representatives.Keys, k => k.Contains("19800101", StringComparison.Ordinal));
        Assert.Equal([new RepresentativeIndexEntry(Listed, entry.Id, "驻马店市示例商贸有限公司", "张三", "411702********1233")], fixture.Representatives.Entries);
        var match = Assert.Single((await fixture.Service.FindByRepresentativeAsync(RepresentativeId, Ct)).Value!);
        Assert.Equal(entry.Id, match.Entry.Id);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public async Task DoesNotIndexTheLegalRepresentativeWhenNotIncluded(bool? included)
    {
        var fixture = new Fixture();
        fixture.Enterprises.Add(new EnterpriseProfile(Listed, "驻马店市示例商贸有限公司", new LegalRepresentative("张三", RepresentativeId), null, "411702", null));

        await CreatedAsync(fixture, Entry(representativeIncluded: included));

        Assert.Empty(fixture.Representatives.Keys);
        Assert.Empty((await fixture.Service.FindByRepresentativeAsync(RepresentativeId, Ct)).Value!);
    }

    [Theory]
    [InlineData("2026-01-10", "2027-01-10")]
    [InlineData("2025-06-16", "2026-06-16")]
    public async Task RefusesToRepairABlackEntryBeforeItsFirstYear(string decidedOn, string eligibleFrom)
    {
        var fixture = new Fixture();
        var entry = await CreatedAsync(fixture, Entry(decidedOn: decidedOn, expiresOn: "2028-06-01"));

        var result = await fixture.Service.RepairAsync(Listed, entry.Id, Repair("已履行", "驻市监修〔2026〕1号"), "regulator-1", true, Ct);

        Assert.Equal($"A black entry can be repaired from {eligibleFrom}.", result.ConflictDetail);
        Assert.Equal(eligibleFrom, result.ConflictFacts!["repairEligibleFrom"]);
        Assert.Equal(entry, Assert.Single(fixture.Entries.All));
        Assert.Single(fixture.PublicLists.Items("black"));
    }

    [Fact]
    public async Task RepairsABlackEntryFromItsFirstAnniversaryEndingItAndAppendingHistory()
    {
        var fixture = new Fixture();
        var entry = await CreatedAsync(fixture, Entry(decidedOn: "2025-06-15", expiresOn: "2027-06-15"));
        fixture.GradeRequests.Clear();

        var result = await fixture.Service.RepairAsync(Listed, entry.Id, Repair(" 已全额缴纳罚款 ", " 驻市监修〔2026〕1号 ", " 守法经营 "), "regulator-1", true, Ct);

        var repaired = Assert.Single(fixture.Entries.All);
        Assert.Equal(repaired, result.Value);
        Assert.Equal((new DateOnly(2026, 6, 15), "repaired"), (repaired.EndedOn, repaired.EndReason));
        Assert.Equal(2, repaired.History.Count);
        Assert.Equal(entry.History[0], repaired.History[0]);
        Assert.Equal(
            new ListEntryEvent("repaired", Now, "regulator-1", "已全额缴纳罚款", "驻市监修〔2026〕1号", new RepairCommitment("守法经营", new DateOnly(2026, 6, 10)), ObligationsFulfilled: true),
            repaired.History[1] with { Evidence = null });
        Assert.Equal(["缴款凭证 驻财缴〔2026〕88号"], repaired.History[1].Evidence!);
        Assert.Equal(entry, repaired with { EndedOn = null, EndReason = null, History = entry.History });
        Assert.Empty(fixture.PublicLists.Items("black"));
        var request = Assert.Single(fixture.GradeRequests.Messages);
        Assert.Equal([Listed], request.Usccs);
        Assert.Equal("list-repair", request.Reason);
    }

    [Fact]
    public async Task KeepsARepairedEntryInTheEnterprisesEntries()
    {
        var fixture = new Fixture();
        var entry = await CreatedAsync(fixture, Entry(decidedOn: "2025-01-01", expiresOn: "2027-01-01"));
        await fixture.Service.RepairAsync(Listed, entry.Id, Repair("已履行", "D-1"), "regulator-1", true, Ct);

        var listed = (await fixture.Service.ListAsync(Listed, Ct)).Value!;

        Assert.Equal(entry.Id, Assert.Single(listed).Id);
        Assert.Equal(new DateOnly(2026, 6, 15), listed[0].EndedOn);
    }

    [Fact]
    public async Task RefusesToRepairAnEntryThatHasEnded()
    {
        var fixture = new Fixture();
        var entry = await CreatedAsync(fixture, Entry(decidedOn: "2025-01-01", expiresOn: "2027-01-01"));
        await fixture.Service.RepairAsync(Listed, entry.Id, Repair("已履行", "D-1"), "regulator-1", true, Ct);

        var again = await fixture.Service.RepairAsync(Listed, entry.Id, Repair("已履行", "D-2"), "regulator-1", true, Ct);

        Assert.Equal("The entry is not active (ended 2026-06-15).", again.ConflictDetail);
        Assert.Equal(2, Assert.Single(fixture.Entries.All).History.Count);
    }

    [Fact]
    public async Task RejectsARepairWithoutReasonOrDocumentNamingTheFields()
    {
        var result = await new Fixture().Service.RepairAsync("not-a-uscc", "abc", new RepairInput(" ", null), "regulator-1", true, Ct);

        Assert.Equal(["documentNo", "reason", "uscc"], result.Errors!.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LetsTheDecidingProviderRepairItsOwnEntry()
    {
        var fixture = new Fixture();
        var entry = await CreatedAsync(fixture, Entry(decidedOn: "2025-01-01", expiresOn: "2027-01-01"));

        var result = await fixture.Service.RepairAsync(Listed, entry.Id, Repair("已履行", "D-1"), Provider, false, Ct);

        Assert.Equal("repaired", result.Value!.EndReason);
        Assert.Equal(Provider, result.Value.History[^1].By);
    }

    [Fact]
    public async Task ForbidsAnotherProviderToRepairAnEntryLeavingItActive()
    {
        var fixture = new Fixture();
        var entry = await CreatedAsync(fixture, Entry(decidedOn: "2025-01-01", expiresOn: "2027-01-01"));

        var result = await fixture.Service.RepairAsync(Listed, entry.Id, Repair("已履行", "D-1"), "another-dept", false, Ct);

        Assert.Contains(Provider, result.ForbiddenDetail, StringComparison.Ordinal);
        Assert.Null(Assert.Single(fixture.Entries.All).EndedOn);
        Assert.Single(fixture.PublicLists.Items("black"));
    }

    [Fact]
    public async Task AnswersUnprocessableNamingEachUnmetRequirementOfTheRepairRules()
    {
        var fixture = new Fixture();
        var entry = await CreatedAsync(fixture, Entry(decidedOn: "2025-01-01", expiresOn: "2027-01-01"));

        var result = await fixture.Service.RepairAsync(Listed, entry.Id, new RepairInput("已履行", "D-1"), "regulator-1", true, Ct);

        Assert.Null(result.Errors);
        Assert.Equal(["commitment", "evidence", "obligationsFulfilled"], result.UnprocessableErrors!.ToDictionary().Keys);
        Assert.Null(Assert.Single(fixture.Entries.All).EndedOn);
    }

    [Fact]
    public async Task AnswersNotFoundForARepairOfAnUnknownEntry()
    {
        var result = await new Fixture().Service.RepairAsync(Listed, "0123456789abcdef01234567", Repair("已履行", "D-1"), "regulator-1", true, Ct);

        Assert.Equal($"{Listed} has no list entry 0123456789abcdef01234567.", result.NotFoundDetail);
    }

    [Fact]
    public async Task ShowsOnlyActiveRedAndBlackEntriesAsPublicEntries()
    {
        var fixture = new Fixture();
        await CreatedAsync(fixture, Entry(listType: "red", decidedOn: "2026-05-01", sourceId: "R-1"));
        await CreatedAsync(fixture, Entry(listType: "red", decidedOn: "2023-06-01", expiresOn: "2026-06-01", sourceId: "R-OLD"));
        await CreatedAsync(fixture, Entry(listType: "watch", decidedOn: "2026-06-10", sourceId: "W-1"));
        await CreatedAsync(fixture, Entry(listType: "black", decidedOn: "2023-06-01", expiresOn: "2026-06-01", sourceId: "B-OLD"));

        var shown = await fixture.Service.ActivePublicEntriesAsync(ParsedUscc, Ct);

        Assert.Equal([("red", ListEntryId.Of(Provider, "R-1"))], shown.Select(s => (s.ListType, s.Entry.EntryId)));
    }

    [Fact]
    public async Task ABlackEntryEndsTheActiveRedEntriesKeepingThemWithTheirHistory()
    {
        var fixture = new Fixture();
        var red = await CreatedAsync(fixture, Entry(listType: "red", decidedOn: "2026-05-01", sourceId: "R-1"));
        var watch = await CreatedAsync(fixture, Entry(listType: "watch", decidedOn: "2026-05-02", sourceId: "W-1"));
        fixture.GradeRequests.Clear();

        var black = await CreatedAsync(fixture, Entry(listType: "black", decidedOn: "2026-06-01", sourceId: "B-1"));

        var ended = fixture.Entries.All.Single(e => e.Id == red.Id);
        Assert.Equal((new DateOnly(2026, 6, 1), "black-listed"), (ended.EndedOn, ended.EndReason));
        Assert.Equal(
            [red.History[0], new ListEntryEvent("black-listed", Now, "system", $"Black-listed by entry {black.Id}.", "驻市监黑〔2026〕3号", null)],
            ended.History);
        Assert.Equal(red, ended with { EndedOn = null, EndReason = null, History = red.History });
        Assert.Equal(watch, fixture.Entries.All.Single(e => e.Id == watch.Id));
        Assert.Empty(fixture.PublicLists.Items("red"));
        Assert.Equal([black.Id], fixture.PublicLists.Items("black").Select(i => i.EntryId));
        Assert.Equal([("black", black.Id)], (await fixture.Service.ActivePublicEntriesAsync(ParsedUscc, Ct)).Select(s => (s.ListType, s.Entry.EntryId)));
        Assert.Equal("list-entry", Assert.Single(fixture.GradeRequests.Messages).Reason);
    }

    [Fact]
    public async Task ARedEntryArrivingWhileABlackEntryIsActiveIsStoredEndedAndNeverPublished()
    {
        var fixture = new Fixture();
        var black = await CreatedAsync(fixture, Entry(listType: "black", decidedOn: "2026-06-01", sourceId: "B-1"));

        var red = await CreatedAsync(fixture, Entry(listType: "red", decidedOn: "2026-06-10", sourceId: "R-1"));

        Assert.Equal((new DateOnly(2026, 6, 10), "black-listed"), (red.EndedOn, red.EndReason));
        Assert.Equal(["listed", "black-listed"], red.History.Select(h => h.Action));
        Assert.False(red.IsActiveOn(new DateOnly(2026, 6, 10)));
        Assert.Empty(fixture.PublicLists.Items("red"));
        Assert.Equal([black.Id], fixture.PublicLists.Items("black").Select(i => i.EntryId));
    }

    [Fact]
    public async Task ABlackEntryWhoseTermHasEndedLeavesRedEntriesActive()
    {
        var fixture = new Fixture();
        var red = await CreatedAsync(fixture, Entry(listType: "red", decidedOn: "2026-05-01", sourceId: "R-1"));

        await CreatedAsync(fixture, Entry(listType: "black", decidedOn: "2023-06-01", expiresOn: "2026-06-01", sourceId: "B-OLD"));

        Assert.Equal(red, fixture.Entries.All.Single(e => e.Id == red.Id));
        Assert.Equal([red.Id], fixture.PublicLists.Items("red").Select(i => i.EntryId));
    }

    [Fact]
    public async Task ABlackEntrySentAgainEndsARedEntryItsFirstDeliveryMissed()
    {
        var fixture = new Fixture();
        var black = await CreatedAsync(fixture, Entry(listType: "black", decidedOn: "2026-06-01", sourceId: "B-1"));
        // A red entry that is active beside the black one, as if the black entry's first delivery stopped after storing it.
        var red = (await CreatedAsync(fixture, Entry(listType: "red", decidedOn: "2026-06-10", sourceId: "R-1"))) with { EndedOn = null, EndReason = null };
        var stored = (await fixture.Entries.GetAsync(Listed, red.Id, Ct))!;
        await fixture.Entries.UpdateAsync(stored with { Entry = red with { History = [red.History[0]] } }, Ct);
        fixture.GradeRequests.Clear();

        var again = await fixture.Service.CreateAsync(Entry(listType: "black", decidedOn: "2026-06-01", sourceId: "B-1"), Provider, asRegulator: false, Ct);

        Assert.False(again.Value!.Created);
        Assert.Equal("black-listed", fixture.Entries.All.Single(e => e.Id == red.Id).EndReason);
        Assert.Equal(black.Id, again.Value.EntryId);
        Assert.Equal("list-entry", Assert.Single(fixture.GradeRequests.Messages).Reason);
    }

    [Fact]
    public async Task PublishingEndsExpiredEntriesKeepingThemAndTheirHistory()
    {
        var fixture = new Fixture();
        var expired = await CreatedAsync(fixture, Entry(decidedOn: "2023-06-01", expiresOn: "2026-06-01", sourceId: "B-OLD"));
        var active = await CreatedAsync(fixture, Entry(listType: "red", sourceId: "R-1"));
        fixture.GradeRequests.Clear();

        var report = await fixture.Service.PublishAsync(Ct);

        Assert.Equal(new PublishReport(new DateOnly(2026, 6, 15), Expired: 1, Red: 1, Black: 0, new PublishMends(0, 0, 0, 0)), report);
        var ended = fixture.Entries.All.Single(e => e.Id == expired.Id);
        Assert.Equal((new DateOnly(2026, 6, 2), "expired"), (ended.EndedOn, ended.EndReason));
        Assert.Equal(["listed", "expired"], ended.History.Select(h => h.Action));
        Assert.Null(fixture.Entries.All.Single(e => e.Id == active.Id).EndedOn);
        Assert.Equal(("list-expiry", Listed), (Assert.Single(fixture.GradeRequests.Messages).Reason, fixture.GradeRequests.Messages[0].Usccs.Single()));
        Assert.Equal(["red", "black"], fixture.Snapshots.Writes.Select(w => w.ListType));
    }

    [Fact]
    public async Task RefusesAListTypeTheProviderMayNotDecideAndStoresNothing()
    {
        var fixture = new Fixture();
        var store = new MemoryProviderStore();
        store.Add("sw-red-only", new Core.Providers.ProviderRights("驻马店市商务局", null, [], [ListTypes.Red], Profiles: false));
        var service = new ListService(fixture.Entries, fixture.PublicLists, fixture.Representatives, fixture.Snapshots, fixture.Enterprises, fixture.GradeRequests, new IdentityHasher(HmacKey), CreditRules.Default, new FixedTimeProvider(Now), new Core.Providers.ProviderGate(store));

        var black = await service.CreateAsync(Entry(), "sw-red-only", asRegulator: false, Ct);
        var unregistered = await service.CreateAsync(Entry(), "sw-nobody", asRegulator: false, Ct);

        Assert.Contains("may not decide black", black.ForbiddenDetail, StringComparison.Ordinal);
        Assert.Contains("provider registry", unregistered.ForbiddenDetail, StringComparison.Ordinal);
        Assert.Empty(fixture.Entries.All);
        Assert.Empty(fixture.GradeRequests.Messages);
    }
}
