using CreditSharing.Core.Objections;
using CreditSharing.Core.RepairApplications;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Tests.Objections;

namespace CreditSharing.Core.Tests.RepairApplications;

/// <summary><see cref="RepairApplicationService"/> over in-memory stores; submitted on 2026-09-30 in the city, the day before 国庆.</summary>
public sealed class RepairApplicationServiceTests
{
    private const string Provider = "dept-market";
    private const string RecordId = "dept-market~CF-1";
    private const string EvidenceId = "0123456789abcdef0123456789abcdef";
    private static readonly string Uscc = Core.Shared.Uscc.Compose('9', '1', "411702", "MA9HX7K3").Value;
    private static readonly string OtherUscc = Core.Shared.Uscc.Compose('9', '1', "411721", "MA9HX7K4").Value;
    private static readonly DateTimeOffset SubmittedAt = new(2026, 9, 30, 10, 0, 0, CityClock.Offset);

    private static readonly RepairActor Enterprise = new("ent-user", IsRegulator: false, IsDataProvider: false, [Uscc]);
    private static readonly RepairActor Regulator = new("regulator-1", IsRegulator: true, IsDataProvider: false, []);
    private static readonly RepairActor TargetProvider = new(Provider, IsRegulator: false, IsDataProvider: true, []);
    private static readonly RepairActor OtherProvider = new("dept-tax", IsRegulator: false, IsDataProvider: true, []);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubmitsAnApplicationDueTenWorkingDaysLaterSkippingTheNationalHoliday()
    {
        var fixture = new Fixture();

        var result = await fixture.Service.SubmitAsync(Input(), Enterprise, Ct);

        Assert.Equal(RepairApplicationStatuses.Submitted, result.Value!.Status);
        Assert.Equal(WorkingDays.Add(new DateOnly(2026, 9, 30), 10), result.Value.DueOn);
        Assert.True(result.Value.DueOn > new DateOnly(2026, 10, 14), "国庆 (10-01 to 10-08) holds no working day");
    }

    [Fact]
    public void TheShippedRulesGiveTheDecisionTimeWithItsNationalSource()
    {
        var rules = CreditRules.Default.RepairApplications;

        Assert.Equal(10, rules!.DueWorkingDays);
        Assert.Contains("信用修复管理办法", rules.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherEnterpriseIsForbidden()
    {
        var fixture = new Fixture();

        var result = await fixture.Service.SubmitAsync(Input(uscc: OtherUscc), Enterprise, Ct);

        Assert.NotNull(result.ForbiddenDetail);
        Assert.Empty(fixture.Store.Rows);
    }

    [Fact]
    public async Task MissingRequirementsAre422NamingEach()
    {
        var fixture = new Fixture();

        var result = await fixture.Service.SubmitAsync(new RepairApplicationInput(Uscc, new RepairTargetInput("record", RecordId), null, null), Enterprise, Ct);

        Assert.Equal(["commitment", "evidence", "obligationsFulfilled"], result.UnprocessableErrors!.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnEvidenceIdNeverUploadedIs400()
    {
        var fixture = new Fixture();
        fixture.Evidence.Files.Clear();

        var result = await fixture.Service.SubmitAsync(Input(), Enterprise, Ct);

        Assert.Contains("evidence[0]", result.Errors!.ToDictionary().Keys);
    }

    [Fact]
    public async Task ATargetNotYetEligibleIs409WithTheDay()
    {
        var fixture = new Fixture();
        fixture.Targets.States[RecordId] = new RepairTargetState(Provider, new DateOnly(2026, 12, 1), Repaired: false, Refusal: null);

        var result = await fixture.Service.SubmitAsync(Input(), Enterprise, Ct);

        Assert.Equal("2026-12-01", result.ConflictFacts!["repairEligibleFrom"]);
    }

    [Fact]
    public async Task AnUnknownTargetIs404AndASecondOpenApplicationIs409NamingTheFirst()
    {
        var fixture = new Fixture();
        var first = (await fixture.Service.SubmitAsync(Input(), Enterprise, Ct)).Value!.RepairId;

        var unknown = await fixture.Service.SubmitAsync(Input(id: "dept-market~NONE"), Enterprise, Ct);
        var second = await fixture.Service.SubmitAsync(Input(), Regulator, Ct);

        Assert.NotNull(unknown.NotFoundDetail);
        Assert.Equal(first, second.ConflictFacts!["repairId"]);
    }

    [Fact]
    public async Task AGrantRunsTheRepairWithTheApplicationsCommitmentAndEvidence()
    {
        var fixture = new Fixture();
        var id = (await fixture.Service.SubmitAsync(Input(), Enterprise, Ct)).Value!.RepairId;

        var result = await fixture.Service.DecideAsync(id, new RepairApplicationDecisionInput("granted", "同意修复"), TargetProvider, Ct);

        Assert.Equal(RepairApplicationStatuses.Granted, result.Value!.Status);
        var (_, _, input, by, asRegulator) = Assert.Single(fixture.Targets.Repairs);
        Assert.Equal(id, input.DocumentNo);
        Assert.Equal("同意修复", input.Reason);
        Assert.Equal("本企业承诺依法诚信经营", input.Commitment!.Text);
        Assert.Equal("2026-09-29", input.Commitment.SignedOn);
        Assert.Equal([EvidenceId], input.Evidence!);
        Assert.Equal(Provider, by);
        Assert.False(asRegulator);
        Assert.Equal(["submitted", "granted"], result.Value.History.Select(h => h.Event));
    }

    [Fact]
    public async Task ARefusalNeedsANoteAndRunsNoRepair()
    {
        var fixture = new Fixture();
        var id = (await fixture.Service.SubmitAsync(Input(), Enterprise, Ct)).Value!.RepairId;

        var bare = await fixture.Service.DecideAsync(id, new RepairApplicationDecisionInput("refused", null), TargetProvider, Ct);
        var refused = await fixture.Service.DecideAsync(id, new RepairApplicationDecisionInput("refused", "罚款未缴纳"), Regulator, Ct);

        Assert.Contains("note", bare.Errors!.ToDictionary().Keys);
        Assert.Equal(RepairApplicationStatuses.Refused, refused.Value!.Status);
        Assert.Empty(fixture.Targets.Repairs);
    }

    [Fact]
    public async Task AnotherProviderCannotDecideAndASecondDecisionIs409()
    {
        var fixture = new Fixture();
        var id = (await fixture.Service.SubmitAsync(Input(), Enterprise, Ct)).Value!.RepairId;

        var stranger = await fixture.Service.DecideAsync(id, new RepairApplicationDecisionInput("granted", null), OtherProvider, Ct);
        await fixture.Service.DecideAsync(id, new RepairApplicationDecisionInput("refused", "证据不足"), TargetProvider, Ct);
        var twice = await fixture.Service.DecideAsync(id, new RepairApplicationDecisionInput("granted", null), TargetProvider, Ct);

        Assert.NotNull(stranger.ForbiddenDetail);
        Assert.Equal("refused", twice.ConflictFacts!["status"]);
    }

    [Fact]
    public async Task AGrantWhoseRepairWasWrittenButNotItsDecisionCompletesWhenRetried()
    {
        var fixture = new Fixture();
        var id = (await fixture.Service.SubmitAsync(Input(), Enterprise, Ct)).Value!.RepairId;
        fixture.Targets.States[RecordId] = fixture.Targets.States[RecordId] with { Repaired = true };
        fixture.Targets.Answer = CommandResult<string>.Conflict("The record was repaired on 2026-09-30.");

        var result = await fixture.Service.DecideAsync(id, new RepairApplicationDecisionInput("granted", null), TargetProvider, Ct);

        Assert.Equal(RepairApplicationStatuses.Granted, result.Value!.Status);
    }

    [Fact]
    public async Task TheListShowsAProviderOnlyItsOwnTargetsAndRefusesAnotherEnterprise()
    {
        var fixture = new Fixture();
        await fixture.Service.SubmitAsync(Input(), Enterprise, Ct);

        var own = await fixture.Service.ListAsync(Uscc, Enterprise, Ct);
        var stranger = await fixture.Service.ListAsync(Uscc, OtherProvider, Ct);
        var other = await fixture.Service.ListAsync(Uscc, new RepairActor("ent-2", false, false, [OtherUscc]), Ct);

        Assert.Single(own.Value!);
        Assert.Empty(stranger.Value!);
        Assert.NotNull(other.ForbiddenDetail);
    }

    private static RepairApplicationInput Input(string id = RecordId, string? uscc = null)
        => new(uscc ?? Uscc, new RepairTargetInput("record", id), new RepairCommitmentInput("本企业承诺依法诚信经营", "2026-09-29"), [EvidenceId], ObligationsFulfilled: true);

    private sealed class Fixture
    {
        public Fixture()
        {
            Targets.States[RecordId] = new RepairTargetState(Provider, new DateOnly(2026, 3, 1), Repaired: false, Refusal: null);
            Evidence.Files[EvidenceId] = (new EvidenceReceipt(EvidenceId, new string('0', 64), 10, "application/pdf"), [], "ent-user");
        }

        public MemoryRepairApplicationStore Store { get; } = new();

        public FakeRepairTargets Targets { get; } = new();

        public MemoryEvidenceFiles Evidence { get; } = new();

        public RepairApplicationService Service => new(Store, Targets, Evidence, CreditRules.Default, new FixedTimeProvider(SubmittedAt));
    }

    private sealed class MemoryRepairApplicationStore : IRepairApplicationStore
    {
        private int version;

        public Dictionary<string, StoredRepairApplication> Rows { get; } = new(StringComparer.Ordinal);

        public Task<StoredRepairApplication?> GetAsync(string uscc, string repairId, CancellationToken cancellationToken)
            => Task.FromResult(Rows.GetValueOrDefault(repairId) is { } s && s.Application.Uscc == uscc ? s : null);

        public Task<IReadOnlyList<StoredRepairApplication>> ListAsync(string uscc, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<StoredRepairApplication>>(Rows.Values.Where(s => s.Application.Uscc == uscc).ToList());

        public Task<string?> TryAddAsync(RepairApplication application, CancellationToken cancellationToken)
        {
            var open = Rows.Values.FirstOrDefault(s => s.Application.Decision is null && s.Application.Uscc == application.Uscc && s.Application.Target == application.Target);
            if (open is not null)
            {
                return Task.FromResult<string?>(open.Application.Id);
            }

            Rows[application.Id] = new StoredRepairApplication(application, (++version).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return Task.FromResult<string?>(null);
        }

        public Task DecideAsync(StoredRepairApplication decided, CancellationToken cancellationToken)
        {
            if (Rows[decided.Application.Id].Version != decided.Version)
            {
                throw new RepairApplicationConflictException("changed");
            }

            Rows[decided.Application.Id] = decided with { Version = (++version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return Task.CompletedTask;
        }
    }

    private sealed class FakeRepairTargets : IRepairTargets
    {
        public Dictionary<string, RepairTargetState> States { get; } = new(StringComparer.Ordinal);

        public List<(string Uscc, RepairTarget Target, RepairInput Input, string By, bool AsRegulator)> Repairs { get; } = [];

        public CommandResult<string>? Answer { get; set; }

        public Task<RepairTargetState?> FindAsync(string uscc, RepairTarget target, CancellationToken cancellationToken)
            => Task.FromResult(uscc == Uscc ? States.GetValueOrDefault(target.Id) : null);

        public Task<CommandResult<string>> RepairAsync(string uscc, RepairTarget target, RepairInput input, string by, bool asRegulator, CancellationToken cancellationToken)
        {
            if (Answer is { } answer)
            {
                return Task.FromResult(answer);
            }

            Repairs.Add((uscc, target, input, by, asRegulator));
            return Task.FromResult(CommandResult<string>.Ok(target.Id));
        }
    }
}
