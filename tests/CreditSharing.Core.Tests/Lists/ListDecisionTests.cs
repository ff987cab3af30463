using System.Text;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Tests.Grading;

namespace CreditSharing.Core.Tests.Lists;

/// <summary>
/// Corrections, withdrawals, entries resting on records, and decisions that complete themselves
/// (<see cref="ListService"/> over in-memory stores; the city's day is 2026-06-15).
/// </summary>
public sealed class ListDecisionTests
{
    private const string Provider = "sw-zmd";
    private const string OtherProvider = "court-zmd";
    private const string Listed = "91411702MA6ULN0X2U";
    private const string RepresentativeId = "411702198001011233";
    private const string Penalty = "sw-zmd~P-2026-1";
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 2, 0, 0, TimeSpan.Zero);
    private static readonly byte[] HmacKey = Encoding.UTF8.GetBytes("list-decision-tests-key-of-32-chars!");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Fixture() : ListFixture(Now, HmacKey, Provider, OtherProvider);

    private static ListEntryInput Entry(string listType = "black", string decidedOn = "2026-06-01", string expiresOn = "2027-06-01", string sourceId = "L-1", string uscc = Listed, IReadOnlyList<string>? basis = null)
        => new(listType, uscc, "拒不履行行政处罚决定", "驻马店市市场监督管理局", null, "驻市监黑〔2026〕3号", decidedOn, expiresOn, null, sourceId, basis);

    private static async Task<ListEntry> CreatedAsync(Fixture fixture, ListEntryInput input, string provider = Provider)
    {
        var result = await fixture.Service.CreateAsync(input, provider, asRegulator: false, Ct);
        Assert.Null(result.Errors);
        return fixture.Entries.All.Single(e => e.Id == result.Value!.EntryId);
    }

    [Fact]
    public async Task ClearsThePendingFlagOnceTheFollowUpsOfANewEntryAreDone()
    {
        var fixture = new Fixture();

        var entry = await CreatedAsync(fixture, Entry());

        Assert.Null(fixture.Stored(entry.Id).Pending);
        Assert.Single(fixture.PublicLists.Items("black"));
    }

    [Fact]
    public async Task CorrectsAnEntrySentAgainWithChangedFieldsKeepingThePreviousValuesInHistory()
    {
        var fixture = new Fixture();
        var first = await CreatedAsync(fixture, Entry());
        fixture.GradeRequests.Clear();

        var again = await fixture.Service.CreateAsync(Entry(expiresOn: "2028-06-01") with { Reason = "拒不履行生效判决" }, Provider, asRegulator: false, Ct);

        Assert.Equal(new ListEntryReceipt(first.Id, Listed, Created: false, Revision: 2), again.Value);
        var corrected = Assert.Single(fixture.Entries.All);
        Assert.Equal((2, "拒不履行生效判决", new DateOnly(2028, 6, 1)), (corrected.Revision, corrected.Reason, corrected.ExpiresOn));
        var @event = corrected.History[^1];
        Assert.Equal(("corrected", Now, Provider), (@event.Action, @event.At, @event.By));
        Assert.Equal(
            new Dictionary<string, string?> { ["reason"] = "拒不履行行政处罚决定", ["expiresOn"] = "2027-06-01" },
            @event.Previous);
        var row = Assert.Single(fixture.PublicLists.Items("black"));
        Assert.Equal(("拒不履行生效判决", new DateOnly(2028, 6, 1)), (row.Reason, row.ExpiresOn));
        Assert.Equal("list-correction", Assert.Single(fixture.GradeRequests.Messages).Reason);
        Assert.Null(fixture.Stored(first.Id).Pending);
    }

    [Fact]
    public async Task ChangesNothingWhenTheSameEntryIsSentAgainUnchanged()
    {
        var fixture = new Fixture();
        var first = await CreatedAsync(fixture, Entry());

        var again = await fixture.Service.CreateAsync(Entry(), Provider, asRegulator: false, Ct);

        Assert.Equal(new ListEntryReceipt(first.Id, Listed, Created: false), again.Value);
        Assert.Equal(first, Assert.Single(fixture.Entries.All));
    }

    [Fact]
    public async Task RefusesToMoveAnEntryToAnotherEnterpriseNamingTheOneItLists()
    {
        var fixture = new Fixture();
        await CreatedAsync(fixture, Entry());

        var moved = await fixture.Service.CreateAsync(Entry(uscc: "91411721MA95XDFT69"), Provider, asRegulator: false, Ct);

        Assert.Contains(Listed, moved.ConflictDetail, StringComparison.Ordinal);
        Assert.Equal(Listed, moved.ConflictFacts!["uscc"]);
        Assert.Single(fixture.Entries.All);
    }

    [Fact]
    public async Task ACorrectionFromRedToBlackMovesThePublicRowAndEndsOtherRedEntries()
    {
        var fixture = new Fixture();
        var other = await CreatedAsync(fixture, Entry(listType: "red", sourceId: "R-OTHER"));
        var entry = await CreatedAsync(fixture, Entry(listType: "red", sourceId: "R-WRONG"));

        await fixture.Service.CreateAsync(Entry(listType: "black", sourceId: "R-WRONG"), Provider, asRegulator: false, Ct);

        Assert.Equal("black", fixture.Entries.All.Single(e => e.Id == entry.Id).ListType);
        Assert.Equal([entry.Id], fixture.PublicLists.Items("black").Select(i => i.EntryId));
        Assert.Empty(fixture.PublicLists.Items("red"));
        Assert.Equal("black-listed", fixture.Entries.All.Single(e => e.Id == other.Id).EndReason);
    }

    [Fact]
    public async Task ACorrectionOfAnEndedEntryDoesNotBringItBack()
    {
        var fixture = new Fixture();
        var repairedEntry = await CreatedAsync(fixture, Entry(listType: "red", sourceId: "R-2"));
        await fixture.Service.RepairAsync(Listed, repairedEntry.Id, new RepairInput("修复", "驻信修〔2026〕1号", new RepairCommitmentInput("依法诚信经营", "2026-06-01"), true, ["整改报告"]), "regulator-1", true, Ct);
        var corrected = await fixture.Service.CreateAsync(Entry(listType: "red", sourceId: "R-2", expiresOn: "2028-01-01"), Provider, asRegulator: false, Ct);

        Assert.Equal(2, corrected.Value!.Revision);
        var stored = fixture.Entries.All.Single(e => e.Id == repairedEntry.Id);
        Assert.Equal(("repaired", Today), (stored.EndReason, stored.EndedOn));
        Assert.Empty(fixture.PublicLists.Items("red"));
    }

    [Fact]
    public async Task AWithdrawnEntrySentAgainStaysWithdrawnAndRefusesACorrection()
    {
        var fixture = new Fixture();
        var entry = await CreatedAsync(fixture, Entry());
        await fixture.Service.WithdrawAsync(Listed, entry.Id, new WithdrawalInput("复议撤销", "驻复决〔2026〕2号"), Provider, asRegulator: false, Ct);

        var same = await fixture.Service.CreateAsync(Entry(), Provider, asRegulator: false, Ct);
        var changed = await fixture.Service.CreateAsync(Entry(expiresOn: "2028-06-01"), Provider, asRegulator: false, Ct);

        Assert.False(same.Value!.Created);
        Assert.NotNull(changed.ConflictDetail);
        var stored = Assert.Single(fixture.Entries.All);
        Assert.Equal(("withdrawn", 1), (stored.EndReason, stored.Revision));
        Assert.Empty(fixture.PublicLists.Items("black"));
    }

    [Fact]
    public async Task WithdrawsAnEntryByItsProviderEndingItAndKeepingTheWithdrawal()
    {
        var fixture = new Fixture();
        var entry = await CreatedAsync(fixture, Entry());
        fixture.GradeRequests.Clear();

        var result = await fixture.Service.WithdrawAsync(Listed, entry.Id, new WithdrawalInput(" 复议决定撤销 ", "驻复决〔2026〕2号"), Provider, asRegulator: false, Ct);

        var withdrawn = result.Value!;
        Assert.Equal((Today, "withdrawn"), (withdrawn.EndedOn, withdrawn.EndReason));
        Assert.Equal(new Withdrawal(Now, Provider, "复议决定撤销", "驻复决〔2026〕2号"), withdrawn.Withdrawn);
        Assert.Equal(new ListEntryEvent("withdrawn", Now, Provider, "复议决定撤销", "驻复决〔2026〕2号", null), withdrawn.History[^1]);
        Assert.Equal(withdrawn, Assert.Single(fixture.Entries.All));
        Assert.Empty(fixture.PublicLists.Items("black"));
        Assert.Empty(await fixture.Service.ActivePublicEntriesAsync(Uscc.TryParse(Listed, out var u, out _) ? u : default, Ct));
        Assert.Equal("list-withdrawal", Assert.Single(fixture.GradeRequests.Messages).Reason);
        Assert.Null(fixture.Stored(entry.Id).Pending);
    }

    [Fact]
    public async Task LetsARegulatorWithdrawAnyEntryButNotAnotherProvider()
    {
        var fixture = new Fixture();
        var entry = await CreatedAsync(fixture, Entry());

        var other = await fixture.Service.WithdrawAsync(Listed, entry.Id, new WithdrawalInput("误报", null), OtherProvider, asRegulator: false, Ct);
        var regulator = await fixture.Service.WithdrawAsync(Listed, entry.Id, new WithdrawalInput("误报", null), "regulator-1", asRegulator: true, Ct);

        Assert.NotNull(other.ForbiddenDetail);
        Assert.Equal("regulator-1", regulator.Value!.Withdrawn!.By);
    }

    [Fact]
    public async Task RefusesASecondWithdrawal()
    {
        var fixture = new Fixture();
        var entry = await CreatedAsync(fixture, Entry());
        await fixture.Service.WithdrawAsync(Listed, entry.Id, new WithdrawalInput("误报", null), Provider, asRegulator: false, Ct);

        var twice = await fixture.Service.WithdrawAsync(Listed, entry.Id, new WithdrawalInput("误报", null), Provider, asRegulator: false, Ct);

        Assert.Contains("withdrawn on 2026-06-15", twice.ConflictDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectsAWithdrawalWithoutAReasonOrWithControlCharactersOrForAnUnknownEntry()
    {
        var fixture = new Fixture();
        var entry = await CreatedAsync(fixture, Entry());

        var missing = await fixture.Service.WithdrawAsync(Listed, entry.Id, null, Provider, asRegulator: false, Ct);
        var control = await fixture.Service.WithdrawAsync(Listed, entry.Id, new WithdrawalInput("误\u0007报", null), Provider, asRegulator: false, Ct);
        var tooLong = await fixture.Service.WithdrawAsync(Listed, entry.Id, new WithdrawalInput(new string('撤', 2_001), null), Provider, asRegulator: false, Ct);
        var unknown = await fixture.Service.WithdrawAsync(Listed, "0123456789abcdef01234567", new WithdrawalInput("误报", null), Provider, asRegulator: false, Ct);

        Assert.Equal(["body"], missing.Errors!.ToDictionary().Keys);
        Assert.Equal(["reason"], control.Errors!.ToDictionary().Keys);
        Assert.Equal(["reason"], tooLong.Errors!.ToDictionary().Keys);
        Assert.NotNull(unknown.NotFoundDetail);
        Assert.Null(Assert.Single(fixture.Entries.All).Withdrawn);
    }

    [Fact]
    public async Task StoresBasisRecordIdsAndRejectsMalformedOnesByIndex()
    {
        var fixture = new Fixture();

        var entry = await CreatedAsync(fixture, Entry(basis: [Penalty, Penalty, "court~J-7"]));
        var malformed = await fixture.Service.CreateAsync(Entry(sourceId: "L-2", basis: [Penalty, "no-tilde", "a~b~c"]), Provider, asRegulator: false, Ct);
        var tooMany = await fixture.Service.CreateAsync(Entry(sourceId: "L-3", basis: [.. Enumerable.Range(0, 21).Select(i => $"p~{i}")]), Provider, asRegulator: false, Ct);

        Assert.Equal([Penalty, "court~J-7"], entry.BasisRecordIds);
        Assert.Equal(["basisRecordIds[1]", "basisRecordIds[2]"], malformed.Errors!.ToDictionary().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["basisRecordIds"], tooMany.Errors!.ToDictionary().Keys);
        Assert.Single(fixture.Entries.All);
    }

    [Fact]
    public async Task EndsTheActiveEntriesRestingOnARecordThatNoLongerStands()
    {
        var fixture = new Fixture();
        var resting = await CreatedAsync(fixture, Entry(basis: [Penalty]));
        var other = await CreatedAsync(fixture, Entry(listType: "watch", sourceId: "W-1", basis: ["court~J-7"]));
        var plain = await CreatedAsync(fixture, Entry(listType: "watch", sourceId: "W-2"));
        fixture.GradeRequests.Clear();

        var count = await fixture.Service.EndOnBasisAsync(Listed, Penalty, "basis-repaired", "regulator-1", Ct);
        var again = await fixture.Service.EndOnBasisAsync(Listed, Penalty, "basis-repaired", "regulator-1", Ct);

        Assert.Equal((1, 0), (count, again));
        var ended = fixture.Entries.All.Single(e => e.Id == resting.Id);
        Assert.Equal((Today, "basis-repaired"), (ended.EndedOn, ended.EndReason));
        Assert.Equal(("basis-repaired", "regulator-1"), (ended.History[^1].Action, ended.History[^1].By));
        Assert.Contains(Penalty, ended.History[^1].Reason, StringComparison.Ordinal);
        Assert.Null(fixture.Entries.All.Single(e => e.Id == other.Id).EndedOn);
        Assert.Null(fixture.Entries.All.Single(e => e.Id == plain.Id).EndedOn);
        Assert.Empty(fixture.PublicLists.Items("black"));
        Assert.Equal([Listed], Assert.Single(fixture.GradeRequests.Messages).Usccs);
    }

    [Fact]
    public async Task ARetryOfAHalfDoneDecisionFinishesItAndAnswersCreated()
    {
        var fixture = new Fixture();
        fixture.Enterprises.Add(new EnterpriseProfile(Listed, "驻马店市示例商贸有限公司", new LegalRepresentative("张三", RepresentativeId), null, "411702", null));
        var input = Entry() with { LegalRepresentativeIncluded = true };
        var (entry, _) = ListEntryValidator.Validate(input, Provider, CreditRules.Default.Lists, Today, Now);
        fixture.Entries.PutPending(entry!);

        var retry = await fixture.Service.CreateAsync(input, Provider, asRegulator: false, Ct);
        var again = await fixture.Service.CreateAsync(input, Provider, asRegulator: false, Ct);

        Assert.True(retry.Value!.Created);
        Assert.False(again.Value!.Created);
        Assert.Null(fixture.Stored(entry!.Id).Pending);
        Assert.Equal([entry.Id], fixture.PublicLists.Items("black").Select(i => i.EntryId));
        Assert.Single((await fixture.Service.FindByRepresentativeAsync(RepresentativeId, Ct)).Value!);
        Assert.Equal("list-entry", fixture.GradeRequests.Messages[0].Reason);
    }

    [Fact]
    public async Task TheDailyRunCompletesPendingDecisionsAndRebuildsThePublicListsCountingTheMends()
    {
        var fixture = new Fixture();
        var (pending, _) = ListEntryValidator.Validate(Entry(sourceId: "B-HALF"), Provider, CreditRules.Default.Lists, Today, Now);
        fixture.Entries.PutPending(pending!);
        var repaired = await CreatedAsync(fixture, Entry(listType: "red", sourceId: "R-LEFT"));
        await fixture.Service.RepairAsync(Listed, repaired.Id, new RepairInput("修复", "驻信修〔2026〕1号", new RepairCommitmentInput("依法诚信经营", "2026-06-01"), true, ["整改报告"]), "regulator-1", true, Ct);
        var left = fixture.Entries.All.Single(e => e.Id == repaired.Id) with { EndedOn = null };
        await fixture.PublicLists.PutAsync("red", new PublicListItem(Listed, null, "411702", "驿城区", left.Id, left.Reason, left.Authority, left.DocumentNo, left.DecidedOn, left.ExpiresOn), Ct);
        var stale = await CreatedAsync(fixture, Entry(listType: "red", uscc: "91411721MA95XDFT69", sourceId: "R-STALE"));
        await fixture.PublicLists.PutAsync("red", new PublicListItem(stale.Uscc, null, null, null, stale.Id, "旧理由", stale.Authority, stale.DocumentNo, stale.DecidedOn, stale.ExpiresOn), Ct);
        var missing = await CreatedAsync(fixture, Entry(listType: "red", uscc: "91411721MA95XDFT69", sourceId: "R-MISSING"));
        await fixture.PublicLists.RemoveAsync("red", missing.Uscc, missing.Id, Ct);

        var report = await fixture.Service.PublishAsync(Ct);

        Assert.Equal(new PublishMends(PublicRowsAdded: 1, PublicRowsRemoved: 1, PublicRowsUpdated: 1, PendingCompleted: 1), report.Mended);
        Assert.Equal([pending!.Id], fixture.PublicLists.Items("black").Select(i => i.EntryId));
        Assert.Equal(new[] { missing.Id, stale.Id }.Order(StringComparer.Ordinal), fixture.PublicLists.Items("red").Select(i => i.EntryId).Order(StringComparer.Ordinal));
        Assert.Equal("拒不履行行政处罚决定", fixture.PublicLists.Items("red").Single(i => i.EntryId == stale.Id).Reason);
        Assert.All(fixture.Entries.Stored, s => Assert.Null(s.Pending));
        Assert.Equal((1, 2), (report.Black, report.Red));
    }
}
