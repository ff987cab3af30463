using System.Security.Cryptography;
using CreditSharing.Core.Objections;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Objections;

/// <summary><see cref="ObjectionService"/> over in-memory stores; filed on 2026-09-30 in the city, the day before 国庆.</summary>
public sealed class ObjectionServiceTests
{
    private const string Provider = "dept-market";
    private const string RecordId = "dept-market~CF-1";
    private const string EntryId = "0123456789abcdef01234567";
    private static readonly string Uscc = Core.Shared.Uscc.Compose('9', '1', "411702", "MA9HX7K3").Value;
    private static readonly string OtherUscc = Core.Shared.Uscc.Compose('9', '1', "411721", "MA9HX7K4").Value;
    private static readonly DateTimeOffset FiledAt = new(2026, 9, 30, 10, 0, 0, CityClock.Offset);

    private static readonly ObjectionActor Enterprise = new("ent-user", IsRegulator: false, IsDataProvider: false, Uscc);
    private static readonly ObjectionActor Regulator = new("regulator-1", IsRegulator: true, IsDataProvider: false, null);
    private static readonly ObjectionActor TargetProvider = new(Provider, IsRegulator: false, IsDataProvider: true, null);
    private static readonly ObjectionActor OtherProvider = new("dept-tax", IsRegulator: false, IsDataProvider: true, null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Fixture
    {
        public Fixture()
        {
            Targets.Targets[(Uscc, ObjectionKinds.Record, RecordId)] = new TargetState(Provider, 1);
            Targets.Targets[(Uscc, ObjectionKinds.ListEntry, EntryId)] = new TargetState(Provider, 1);
        }

        public MemoryObjectionStore Store { get; } = new();

        public FakeObjectionTargets Targets { get; } = new();

        public MemoryEvidenceFiles Evidence { get; } = new();

        public SteppingClock Clock { get; } = new(FiledAt);

        public ObjectionService Service => new(Store, Targets, Evidence, CreditRules.Default, Clock);

        public Disputes Disputes => new(Store);

        public async Task<string> FileAsync(string kind = ObjectionKinds.Record, string id = RecordId, ObjectionActor? actor = null)
        {
            var result = await Service.FileAsync(Input(kind, id), actor ?? Enterprise, Ct);
            Assert.Null(result.Errors);
            return result.Value!.ObjectionId;
        }
    }

    private static ObjectionInput Input(string kind = ObjectionKinds.Record, string id = RecordId, string reason = "处罚对象错误，该决定已被复议撤销。", IReadOnlyList<string?>? evidence = null, string? uscc = null)
        => new(uscc ?? Uscc, new ObjectionTargetInput(kind, id), reason, evidence);

    [Fact]
    public async Task FilesAnOpenObjectionDueSevenWorkingDaysAfterFilingSkippingTheNationalHoliday()
    {
        var fixture = new Fixture();

        var result = await fixture.Service.FileAsync(Input(), Enterprise, Ct);

        Assert.Equal(ObjectionStatuses.Open, result.Value!.Status);
        // 2026-10-01..07 are 国庆/中秋 days off; 2026-10-10 (Sat) is a working day (调休).
        Assert.Equal(new DateOnly(2026, 10, 15), result.Value.DueOn);
        Assert.Equal(WorkingDays.Add(new DateOnly(2026, 9, 30), CreditRules.Default.Objections!.DueWorkingDays), result.Value.DueOn);
        var stored = Assert.Single(fixture.Store.All);
        Assert.StartsWith(Uscc + "-", stored.Id, StringComparison.Ordinal);
        Assert.Equal((Provider, 1, "ent-user"), (stored.ProviderId, stored.TargetRevision, stored.FiledBy));
    }

    [Fact]
    public async Task LetsARegulatorFileOnAnEnterprisesBehalf()
    {
        var fixture = new Fixture();

        var result = await fixture.Service.FileAsync(Input(ObjectionKinds.ListEntry, EntryId), Regulator, Ct);

        Assert.NotNull(result.Value);
    }

    [Fact]
    public async Task RefusesAnEnterpriseObjectingForAnotherEnterprise()
    {
        var fixture = new Fixture();

        var result = await fixture.Service.FileAsync(Input(uscc: OtherUscc), Enterprise, Ct);

        Assert.NotNull(result.ForbiddenDetail);
        Assert.Empty(fixture.Store.All);
    }

    [Theory]
    [InlineData(ObjectionKinds.Record, "dept-market~NO-SUCH")]
    [InlineData(ObjectionKinds.ListEntry, "ffffffffffffffffffffffff")]
    public async Task AnswersNotFoundForATargetTheEnterpriseDoesNotHave(string kind, string id)
    {
        var fixture = new Fixture();

        var result = await fixture.Service.FileAsync(Input(kind, id), Enterprise, Ct);

        Assert.NotNull(result.NotFoundDetail);
        Assert.Empty(fixture.Store.All);
    }

    [Fact]
    public async Task RefusesASecondOpenObjectionOnTheSameTargetNamingTheOpenOne()
    {
        var fixture = new Fixture();
        var first = await fixture.FileAsync();

        var second = await fixture.Service.FileAsync(Input(reason: "再次提出"), Regulator, Ct);

        Assert.Contains(first, second.ConflictDetail, StringComparison.Ordinal);
        Assert.Equal(first, second.ConflictFacts!["objectionId"]);
        Assert.Single(fixture.Store.All);
    }

    [Fact]
    public async Task AcceptsANewObjectionOnceTheOpenOneIsDecided()
    {
        var fixture = new Fixture();
        var first = await fixture.FileAsync();
        Assert.NotNull((await fixture.Service.DecideAsync(first, new ObjectionDecisionInput("upheld", "经核查，处罚决定无误。"), TargetProvider, Ct)).Value);

        var second = await fixture.Service.FileAsync(Input(reason: "补充新证据"), Enterprise, Ct);

        Assert.NotNull(second.Value);
    }

    [Theory]
    [InlineData("document", "target.kind")]
    [InlineData("", "target.kind")]
    public async Task RefusesAnUnknownTargetKind(string kind, string field)
    {
        var fixture = new Fixture();

        var result = await fixture.Service.FileAsync(Input(kind), Enterprise, Ct);

        Assert.Contains(field, result.Errors!.ToDictionary().Keys);
    }

    [Fact]
    public async Task RefusesAReasonOverTwoThousandCharactersOrWithControlCharacters()
    {
        var fixture = new Fixture();

        var tooLong = await fixture.Service.FileAsync(Input(reason: new string('异', 2_001)), Enterprise, Ct);
        var control = await fixture.Service.FileAsync(Input(reason: "理由\u0000\u001b[31m"), Enterprise, Ct);
        var missing = await fixture.Service.FileAsync(Input(reason: "  "), Enterprise, Ct);

        Assert.Equal(["reason"], tooLong.Errors!.ToDictionary().Keys);
        Assert.Equal(["reason"], control.Errors!.ToDictionary().Keys);
        Assert.Equal(["reason"], missing.Errors!.ToDictionary().Keys);
        Assert.Empty(fixture.Store.All);
    }

    [Fact]
    public async Task NamesEachEvidenceIdThatWasNeverUploaded()
    {
        var fixture = new Fixture();
        var uploaded = (await fixture.Service.UploadEvidenceAsync("application/pdf", new MemoryStream("%PDF-1.7 复议决定书"u8.ToArray()), "ent-user", Ct))!.Value!.EvidenceId;

        var unknown = await fixture.Service.FileAsync(Input(evidence: [uploaded, Guid.NewGuid().ToString("N")]), Enterprise, Ct);
        var malformed = await fixture.Service.FileAsync(Input(evidence: [uploaded, uploaded, "../etc/passwd"]), Enterprise, Ct);

        Assert.Equal(["evidence[1]"], unknown.Errors!.ToDictionary().Keys);
        Assert.Equal(["evidence[2]"], malformed.Errors!.ToDictionary().Keys);
        Assert.Empty(fixture.Store.All);
    }

    [Fact]
    public async Task KeepsTheEvidenceIdsOfTheObjection()
    {
        var fixture = new Fixture();
        var uploaded = (await fixture.Service.UploadEvidenceAsync("image/png", new MemoryStream([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]), "ent-user", Ct))!.Value!.EvidenceId;

        var id = (await fixture.Service.FileAsync(Input(evidence: [uploaded]), Enterprise, Ct)).Value!.ObjectionId;

        Assert.Equal([uploaded], (await fixture.Service.GetAsync(id, Enterprise, Ct)).Value!.Evidence);
    }

    [Fact]
    public async Task StoresEvidenceWithItsHashWhenItsBytesMatchItsType()
    {
        var fixture = new Fixture();
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 74, 70, 73, 70];

        var receipt = (await fixture.Service.UploadEvidenceAsync("image/jpeg", new MemoryStream(jpeg), "ent-user", Ct))!.Value!;

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(jpeg)), receipt.Sha256);
        Assert.Equal((10L, "image/jpeg"), (receipt.Bytes, receipt.ContentType));
        Assert.Equal(jpeg, fixture.Evidence.Files[receipt.EvidenceId].Content);
    }

    [Fact]
    public async Task RefusesEvidenceWhoseBytesAreNotOfItsTypeAndAFileOverTenMebibytes()
    {
        var fixture = new Fixture();
        var oversized = new byte[ObjectionService.MaxEvidenceBytes + 1];
        "%PDF-"u8.CopyTo(oversized);

        var disguised = await fixture.Service.UploadEvidenceAsync("application/pdf", new MemoryStream("MZ\u0090 not a pdf"u8.ToArray()), "ent-user", Ct);
        var tooLarge = await fixture.Service.UploadEvidenceAsync("application/pdf", new MemoryStream(oversized), "ent-user", Ct);

        Assert.Equal(["body"], disguised!.Errors!.ToDictionary().Keys);
        Assert.Null(tooLarge);
        Assert.Empty(fixture.Evidence.Files);
    }

    [Fact]
    public async Task LetsOnlyTheTargetsProviderOrARegulatorDecide()
    {
        var fixture = new Fixture();
        var id = await fixture.FileAsync();
        var decision = new ObjectionDecisionInput("upheld", "处罚决定事实清楚。");

        var byOther = await fixture.Service.DecideAsync(id, decision, OtherProvider, Ct);
        var byEnterprise = await fixture.Service.DecideAsync(id, decision, Enterprise, Ct);
        var byProvider = await fixture.Service.DecideAsync(id, decision, TargetProvider, Ct);

        Assert.NotNull(byOther.ForbiddenDetail);
        Assert.NotNull(byEnterprise.ForbiddenDetail);
        Assert.Equal((ObjectionStatuses.Upheld, Provider), (byProvider.Value!.Status, byProvider.Value.Decision!.By));
    }

    [Fact]
    public async Task RefusesADecisionOnADecidedObjection()
    {
        var fixture = new Fixture();
        var id = await fixture.FileAsync();
        Assert.NotNull((await fixture.Service.DecideAsync(id, new ObjectionDecisionInput("upheld", "维持。"), Regulator, Ct)).Value);

        var again = await fixture.Service.DecideAsync(id, new ObjectionDecisionInput("withdrawn", "撤销。"), Regulator, Ct);

        Assert.NotNull(again.ConflictDetail);
        Assert.Empty(fixture.Targets.Withdrawals);
    }

    [Fact]
    public async Task RequiresAnOutcomeAndAPlainTextNote()
    {
        var fixture = new Fixture();
        var id = await fixture.FileAsync();

        var result = await fixture.Service.DecideAsync(id, new ObjectionDecisionInput("deleted", "a\u0007"), Regulator, Ct);
        var noNote = await fixture.Service.DecideAsync(id, new ObjectionDecisionInput("upheld", null), Regulator, Ct);

        Assert.Equal(["note", "outcome"], result.Errors!.ToDictionary().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["note"], noNote.Errors!.ToDictionary().Keys);
    }

    [Fact]
    public async Task DecidesCorrectedOnlyOnceACorrectionArrivedSinceFiling()
    {
        var fixture = new Fixture();
        var id = await fixture.FileAsync();
        var decision = new ObjectionDecisionInput("corrected", "已更正处罚金额。");

        var before = await fixture.Service.DecideAsync(id, decision, TargetProvider, Ct);
        fixture.Targets.Targets[(Uscc, ObjectionKinds.Record, RecordId)] = new TargetState(Provider, 2);
        var after = await fixture.Service.DecideAsync(id, decision, TargetProvider, Ct);

        Assert.NotNull(before.ConflictDetail);
        Assert.Equal(1, before.ConflictFacts!["revisionAtFiling"]);
        Assert.Equal(ObjectionStatuses.Corrected, after.Value!.Status);
    }

    [Fact]
    public async Task DecidesWithdrawnByWithdrawingTheTargetWithTheNoteAsReason()
    {
        var fixture = new Fixture();
        var id = await fixture.FileAsync(ObjectionKinds.ListEntry, EntryId);

        var result = await fixture.Service.DecideAsync(id, new ObjectionDecisionInput("withdrawn", "经复议，列入决定撤销。"), Regulator, Ct);

        Assert.Equal(ObjectionStatuses.Withdrawn, result.Value!.Status);
        var withdrawal = Assert.Single(fixture.Targets.Withdrawals);
        Assert.Equal((Uscc, EntryId, "经复议，列入决定撤销。", "regulator-1", true), (withdrawal.Uscc, withdrawal.Target.Id, withdrawal.Input.Reason, withdrawal.By, withdrawal.AsRegulator));
    }

    [Fact]
    public async Task LeavesTheObjectionOpenWhenTheWithdrawalIsRefused()
    {
        var fixture = new Fixture();
        var id = await fixture.FileAsync();
        fixture.Targets.WithdrawalAnswer = CommandResult<string>.Conflict("The record was withdrawn already.");

        var result = await fixture.Service.DecideAsync(id, new ObjectionDecisionInput("withdrawn", "撤销。"), TargetProvider, Ct);

        Assert.NotNull(result.ConflictDetail);
        Assert.Null(Assert.Single(fixture.Store.All).Decision);
    }

    [Fact]
    public async Task SavesTheWithdrawnDecisionOfARetryWhoseWithdrawalHadLanded()
    {
        var fixture = new Fixture();
        var id = await fixture.FileAsync();
        fixture.Targets.Targets[(Uscc, ObjectionKinds.Record, RecordId)] = new TargetState(Provider, 1, Withdrawn: true);

        var result = await fixture.Service.DecideAsync(id, new ObjectionDecisionInput("withdrawn", "撤销。"), TargetProvider, Ct);

        Assert.Equal(ObjectionStatuses.Withdrawn, result.Value!.Status);
        Assert.Empty(fixture.Targets.Withdrawals);
    }

    [Fact]
    public async Task RefusesAnObjectionOnAWithdrawnTarget()
    {
        var fixture = new Fixture();
        fixture.Targets.Targets[(Uscc, ObjectionKinds.Record, RecordId)] = new TargetState(Provider, 1, Withdrawn: true);

        var result = await fixture.Service.FileAsync(Input(), Enterprise, Ct);

        Assert.Contains("withdrawn", result.ConflictDetail, StringComparison.Ordinal);
        Assert.Empty(fixture.Store.All);
    }

    [Fact]
    public async Task ShowsAnObjectionToItsEnterpriseItsProviderAndRegulatorsOnly()
    {
        var fixture = new Fixture();
        var id = await fixture.FileAsync();
        var otherEnterprise = new ObjectionActor("ent-other", false, false, OtherUscc);

        Assert.NotNull((await fixture.Service.GetAsync(id, Enterprise, Ct)).Value);
        Assert.NotNull((await fixture.Service.GetAsync(id, TargetProvider, Ct)).Value);
        Assert.NotNull((await fixture.Service.GetAsync(id, Regulator, Ct)).Value);
        Assert.NotNull((await fixture.Service.GetAsync(id, OtherProvider, Ct)).ForbiddenDetail);
        Assert.NotNull((await fixture.Service.GetAsync(id, otherEnterprise, Ct)).ForbiddenDetail);
        Assert.NotNull((await fixture.Service.GetAsync(Uscc + "-" + new string('0', 24), Regulator, Ct)).NotFoundDetail);
        Assert.NotNull((await fixture.Service.GetAsync("' or 1 eq 1", Regulator, Ct)).NotFoundDetail);
    }

    [Fact]
    public async Task CountsAnObjectionOverdueOnlyAfterItsDueDay()
    {
        var fixture = new Fixture();
        var id = await fixture.FileAsync();
        var query = new ObjectionQuery("overdue", null, null, null);

        fixture.Clock.Advance(new DateTimeOffset(2026, 10, 15, 23, 0, 0, CityClock.Offset) - FiledAt);
        var onDueDay = (await fixture.Service.ListAsync(query, Regulator, Ct)).Value!.Items;
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var dayAfter = (await fixture.Service.ListAsync(query, Regulator, Ct)).Value!.Items;

        Assert.Empty(onDueDay);
        var overdue = Assert.Single(dayAfter);
        Assert.Equal((id, ObjectionStatuses.Open, true), (overdue.ObjectionId, overdue.Status, overdue.Overdue));
    }

    [Fact]
    public async Task ListsForAProviderOnlyTheObjectionsOnItsOwnTargets()
    {
        var fixture = new Fixture();
        var mine = await fixture.FileAsync();
        fixture.Targets.Targets[(Uscc, ObjectionKinds.Record, "dept-tax~T-1")] = new TargetState("dept-tax", 1);
        var theirs = await fixture.FileAsync(ObjectionKinds.Record, "dept-tax~T-1");

        var asProvider = (await fixture.Service.ListAsync(new ObjectionQuery("open", "dept-tax", null, null), TargetProvider, Ct)).Value!.Items;
        var asRegulator = (await fixture.Service.ListAsync(new ObjectionQuery("open", "dept-tax", null, null), Regulator, Ct)).Value!.Items;

        Assert.Equal([mine], asProvider.Select(o => o.ObjectionId));
        Assert.Equal([theirs], asRegulator.Select(o => o.ObjectionId));
    }

    [Fact]
    public async Task RefusesAnUnknownStatusFilter()
    {
        var fixture = new Fixture();

        var result = await fixture.Service.ListAsync(new ObjectionQuery("closed", null, null, null), Regulator, Ct);

        Assert.Equal(["status"], result.Errors!.ToDictionary().Keys);
    }

    [Fact]
    public async Task MarksOnlyTargetsOfOpenObjectionsDisputed()
    {
        var fixture = new Fixture();
        var onRecord = await fixture.FileAsync();
        await fixture.FileAsync(ObjectionKinds.ListEntry, EntryId);
        var whileOpen = await fixture.Disputes.OfAsync(Uscc, Ct);

        await fixture.Service.DecideAsync(onRecord, new ObjectionDecisionInput("upheld", "维持。"), Regulator, Ct);
        var afterDecision = await fixture.Disputes.OfAsync(Uscc, Ct);

        Assert.Equal([RecordId], whileOpen.Records);
        Assert.Equal([EntryId], whileOpen.ListEntries);
        Assert.Empty(afterDecision.Records);
        Assert.Equal([EntryId], afterDecision.ListEntries);
        Assert.True((await fixture.Disputes.OfAsync(OtherUscc, Ct)).IsEmpty);
    }
}
