using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Tests.Grading;

namespace CreditSharing.Core.Tests.Records;

/// <summary>
/// <see cref="RecordService"/>'s changes to a stored record: withdrawal (撤销) and repair (信用修复)
/// over in-memory stores; the city's day is 2026-09-01, when a general penalty of 2026-05-01 is
/// public and repairable.
/// </summary>
public sealed class RecordServiceCommandTests
{
    private const string Provider = SampleRecords.Provider;
    private const string Yicheng = "91411702MA6ULN0X2U";
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 9, 1);

    private readonly MemoryRecordStore store = new();
    private readonly RecordingGradeRequestQueue gradeRequests = new();
    private readonly RecordingRecordDependents dependents = new();
    private readonly RecordService service;

    public RecordServiceCommandTests()
    {
        var clock = new FixedTimeProvider(Now);
        service = new RecordService(null!, null!, new RecordWriter(store, gradeRequests, clock), store, new MemoryEnterpriseStore(), dependents, CreditRules.Default, clock, new Core.Providers.ProviderGate(MemoryProviderStore.WithEveryRight(Provider, "another-dept")));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CreditRecord Stored(string sourceId = "P-1", string provider = Provider, string? documentNo = null)
    {
        var record = SampleRecords.Penalty(Yicheng, sourceId) with { ProviderId = provider, DocumentNo = documentNo ?? $"驻市监罚〔2026〕{sourceId}号" };
        store.Add(new StoredRecord(record, 1, Now.AddMonths(-3), Now.AddMonths(-3), RecordWriter.Hash(record), null));
        return record;
    }

    private static RepairInput Repair() => new("已整改并缴纳罚款", "驻信修〔2026〕5号", new RepairCommitmentInput("本企业承诺依法诚信经营", "2026-08-20"), true, ["罚款缴纳凭证", "整改报告"]);

    [Fact]
    public async Task WithdrawsTheProvidersOwnRecordKeepingItApartFromTheContent()
    {
        var record = Stored();

        var result = await service.WithdrawAsync(Yicheng, record.Id, new WithdrawalInput(" 复议撤销原处罚决定 ", " 驻政复决〔2026〕8号 "), Provider, asRegulator: false, Ct);

        var withdrawal = new Withdrawal(Now, Provider, "复议撤销原处罚决定", "驻政复决〔2026〕8号");
        Assert.Equal(withdrawal, result.Value!.Withdrawn);
        var stored = store.Get(record.Id);
        Assert.Equal(withdrawal, stored.Withdrawn);
        Assert.Equal(record, stored.Record);
        Assert.Equal(1, stored.Revision);
        Assert.Equal([(Yicheng, record.Id, "basis-withdrawn", Provider)], dependents.Calls);
        var request = Assert.Single(gradeRequests.Messages);
        Assert.Equal([Yicheng], request.Usccs);
        Assert.Equal("record-withdrawal", request.Reason);
    }

    [Fact]
    public async Task LetsARegulatorWithdrawAnyProvidersRecord()
    {
        var record = Stored();

        var result = await service.WithdrawAsync(Yicheng, record.Id, new WithdrawalInput("诉讼判决撤销", null), "regulator-1", asRegulator: true, Ct);

        Assert.Equal("regulator-1", result.Value!.Withdrawn!.By);
        Assert.Null(result.Value.Withdrawn.DocumentNo);
    }

    [Fact]
    public async Task ForbidsAnotherProviderToWithdrawARecordChangingNothing()
    {
        var record = Stored();

        var result = await service.WithdrawAsync(Yicheng, record.Id, new WithdrawalInput("误报", null), "another-dept", asRegulator: false, Ct);

        Assert.Contains(Provider, result.ForbiddenDetail, StringComparison.Ordinal);
        Assert.Null(store.Get(record.Id).Withdrawn);
        Assert.Empty(dependents.Calls);
        Assert.Empty(gradeRequests.Messages);
    }

    [Fact]
    public async Task AnswersNotFoundForAnUnknownOrMalformedRecordId()
    {
        var unknown = await service.WithdrawAsync(Yicheng, "sw-zmd~NOPE", new WithdrawalInput("误报", null), Provider, false, Ct);
        var malformed = await service.WithdrawAsync(Yicheng, "no-tilde", new WithdrawalInput("误报", null), Provider, false, Ct);

        Assert.NotNull(unknown.NotFoundDetail);
        Assert.NotNull(malformed.NotFoundDetail);
    }

    [Fact]
    public async Task AnswersConflictForASecondWithdrawalAndKeepsTheFirst()
    {
        var record = Stored();
        await service.WithdrawAsync(Yicheng, record.Id, new WithdrawalInput("复议撤销", null), Provider, false, Ct);

        var again = await service.WithdrawAsync(Yicheng, record.Id, new WithdrawalInput("再次撤销", null), "regulator-1", true, Ct);

        Assert.Equal("The record was withdrawn on 2026-09-01.", again.ConflictDetail);
        Assert.Equal("复议撤销", store.Get(record.Id).Withdrawn!.Reason);
    }

    [Theory]
    [InlineData(null, "reason")]
    [InlineData("   ", "reason")]
    [InlineData("a\u0000b", "reason")]
    public async Task RejectsAWithdrawalWithoutAPlainReason(string? reason, string field)
    {
        var record = Stored();

        var result = await service.WithdrawAsync(Yicheng, record.Id, new WithdrawalInput(reason, null), Provider, false, Ct);

        Assert.Equal([field], result.Errors!.ToDictionary().Keys);
        Assert.Null(store.Get(record.Id).Withdrawn);
    }

    [Fact]
    public async Task RejectsAWithdrawalWithAReasonOverTwoThousandCharactersOrWithoutABody()
    {
        var record = Stored();

        var tooLong = await service.WithdrawAsync(Yicheng, record.Id, new WithdrawalInput(new string('撤', 2_001), null), Provider, false, Ct);
        var none = await service.WithdrawAsync(Yicheng, record.Id, null, Provider, false, Ct);

        Assert.Equal(["reason"], tooLong.Errors!.ToDictionary().Keys);
        Assert.Equal(["reason"], none.Errors!.ToDictionary().Keys);
    }

    [Fact]
    public async Task TakesAWithdrawnRecordAndEveryCopyOfItsDecisionOffThePublicPage()
    {
        var own = Stored("P-1", documentNo: "驻市监罚〔2026〕12号");
        Stored("FWD-1", provider: "platform-henan", documentNo: "驻市监罚〔2026〕12号");
        var other = Stored("P-2");
        Assert.Equal(2, (await service.PublicPageAsync(Yicheng, Ct)).Value!.Records.Count);

        await service.WithdrawAsync(Yicheng, own.Id, new WithdrawalInput("复议撤销", null), Provider, false, Ct);

        var page = (await service.PublicPageAsync(Yicheng, Ct)).Value!;
        Assert.Equal([other.Id], page.Records.Select(r => r.Id));
    }

    [Fact]
    public async Task ShowsTheWithdrawalInTheRegulatorsAndTheProvidersRead()
    {
        var record = Stored();
        await service.WithdrawAsync(Yicheng, record.Id, new WithdrawalInput("复议撤销", "驻政复决〔2026〕8号"), Provider, false, Ct);
        var query = new RecordQuery(null, null, null, null, null);

        var regulators = (await service.ListAsync(Yicheng, query, null, Ct)).Value!.Items;
        var providers = (await service.ListAsync(Yicheng, query, Provider, Ct)).Value!.Items;

        Assert.Equal("复议撤销", Assert.Single(regulators).Withdrawn!.Reason);
        Assert.Equal("驻政复决〔2026〕8号", Assert.Single(providers).Withdrawn!.DocumentNo);
    }

    [Fact]
    public async Task KeepsTheWithdrawalThroughALaterCorrectionOfTheContent()
    {
        var record = Stored();
        await service.WithdrawAsync(Yicheng, record.Id, new WithdrawalInput("复议撤销", null), Provider, false, Ct);
        var writer = new RecordWriter(store, gradeRequests, new FixedTimeProvider(Now.AddHours(1)));

        var counts = await writer.StoreAsync(Yicheng, [record with { Title = "更正后的标题" }], Now.AddHours(1), requestGrade: false, Ct);

        Assert.Equal(1, counts.Corrected);
        var stored = store.Get(record.Id);
        Assert.Equal(("更正后的标题", 2), (stored.Record.Title, stored.Revision));
        Assert.Equal("复议撤销", stored.Withdrawn!.Reason);
    }

    [Fact]
    public async Task RepairsWithTheCommitmentObligationsAndEvidenceEndingWhatRestsOnIt()
    {
        var record = Stored();

        var result = await service.RepairAsync(Yicheng, record.Id, Repair(), Provider, asRegulator: false, Ct);

        var repair = store.Get(record.Id).Repair!;
        Assert.Equal((Today, "已整改并缴纳罚款", "驻信修〔2026〕5号", Provider, (bool?)true), (repair.On, repair.Reason, repair.DocumentNo, repair.By, repair.ObligationsFulfilled));
        Assert.Equal(new RepairCommitment("本企业承诺依法诚信经营", new DateOnly(2026, 8, 20)), repair.Commitment);
        Assert.Equal(["罚款缴纳凭证", "整改报告"], repair.Evidence!);
        Assert.Equal(repair, result.Value!.Repair);
        Assert.Equal([(Yicheng, record.Id, "basis-repaired", Provider)], dependents.Calls);
        Assert.Equal("record-repair", Assert.Single(gradeRequests.Messages).Reason);
    }

    [Fact]
    public async Task ForbidsAnotherProviderToRepairARecord()
    {
        var record = Stored();

        var result = await service.RepairAsync(Yicheng, record.Id, Repair(), "another-dept", asRegulator: false, Ct);

        Assert.NotNull(result.ForbiddenDetail);
        Assert.Null(store.Get(record.Id).Repair);
        Assert.Empty(dependents.Calls);
    }

    [Fact]
    public async Task AnswersUnprocessableForARepairWithoutTheCommitment()
    {
        var record = Stored();

        var result = await service.RepairAsync(Yicheng, record.Id, Repair() with { Commitment = null }, "regulator-1", asRegulator: true, Ct);

        Assert.Null(result.Errors);
        Assert.Equal(["commitment"], result.UnprocessableErrors!.ToDictionary().Keys);
        Assert.Null(store.Get(record.Id).Repair);
    }

    [Fact]
    public async Task RefusesToRepairAWithdrawnRecord()
    {
        var record = Stored();
        await service.WithdrawAsync(Yicheng, record.Id, new WithdrawalInput("复议撤销", null), Provider, false, Ct);

        var result = await service.RepairAsync(Yicheng, record.Id, Repair(), Provider, false, Ct);

        Assert.Equal("The record was withdrawn on 2026-09-01.", result.ConflictDetail);
    }
}
