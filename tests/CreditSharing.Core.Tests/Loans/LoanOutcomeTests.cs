using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Rules;

namespace CreditSharing.Core.Tests.Loans;

/// <summary>The request checks of batch eligibility and loan outcomes, and the monthly statistics.</summary>
public sealed class LoanOutcomeTests
{
    private const string Uscc = LoanRecords.Uscc;
    private static readonly string Other = Core.Shared.Uscc.Compose('9', '1', "411702", "MA44BEKB").Value;
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 2, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyDictionary<string, LoanProduct> Products => CreditRules.Default.Loans.Products;

    [Fact]
    public void BatchOverAThousandIsTooManyBeforeAnyOtherCheck()
    {
        var validated = BatchEligibility.Validate(new BatchEligibilityRequest("nope", [.. Enumerable.Repeat<string?>("x", 1001)]), Products);

        Assert.Equal(1001, validated.TooMany);
        Assert.Null(validated.Errors);
    }

    [Fact]
    public void BatchNamesAnInvalidUsccByItsIndex()
    {
        var validated = BatchEligibility.Validate(new BatchEligibilityRequest(null, [Uscc, Uscc, Uscc, "91411721MA95XDFT60", null]), Products);

        var errors = Assert.IsType<Core.Shared.FieldErrors>(validated.Errors).ToDictionary();
        Assert.Equal(["usccs[3]", "usccs[4]"], errors.Keys);
    }

    [Fact]
    public void BatchCollapsesDuplicatesToTheirFirstOccurrenceAfterNormalising()
    {
        var other = Other;
        var validated = BatchEligibility.Validate(new BatchEligibilityRequest(null, [Uscc, other, Uscc.ToLowerInvariant(), Uscc]), Products);

        Assert.Null(validated.Errors);
        Assert.Equal("standard", validated.Product);
        Assert.Equal(4, validated.Requested);
        Assert.Equal([Uscc, other], validated.Usccs);
    }

    [Fact]
    public async Task BatchAnswersEachEnterpriseAndLogsEveryCheckedOrRefusedOneInOneAppend()
    {
        var consents = new MemoryConsentStore();
        var log = new MemoryAccessLog();
        var profiles = new MemoryEnterpriseStore();
        var refused = Other;
        profiles.Add(new EnterpriseProfile(Uscc, "汝南县商行", null, null, "411727", null));
        profiles.Add(new EnterpriseProfile(refused, "驿城区商行", null, null, "411702", null));
        var service = new LoanService(consents, log, new MemoryRecordFacts(), new MemoryListEntryReader(), profiles, CreditRules.Default, new FixedTimeProvider(Now));
        await service.GrantAsync(Uscc, new ConsentInput("bank-zmd", "贷款", "2026-12-31"), "enterprise", Ct);
        var unknown = Core.Shared.Uscc.Compose('9', '1', "411702", "MA12345X").Value;

        var outcome = await service.CheckBatchAsync(new BatchEligibilityRequest("agri-supply", [Uscc, refused, unknown]), "bank-zmd", Ct);

        var answer = Assert.IsType<BatchEligibilityOutcome.Answered>(outcome).Answer;
        Assert.Equal(["ineligible", "no-consent", "unknown-enterprise"], answer.Items.Select(i => i.Status));
        Assert.Equal("insufficient-data", answer.Items[0].Result!.Reason);
        Assert.Equal(
            [(Uscc, "ineligible", answer.Items[0].AuditId), (refused, "refused", answer.Items[1].AuditId)],
            log.Lines.Select(l => (l.Uscc, l.Entry.Outcome, (string?)l.Entry.AuditId)));
    }

    [Theory]
    [InlineData("0", "amount")]
    [InlineData("10000000000.01", "amount")]
    [InlineData("1.005", "amount")]
    public void AnAmountOutOfBoundsOrWithFractionsOfAFenIsNamed(string amount, string field)
    {
        var errors = LoanOutcomeRules.Validate(new LoanOutcomeInput(Uscc, "standard", decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "granted", "2026-06-01"), Products, Today, out _, out _);

        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void AFutureDayAnUnknownStatusProductAndABadLoanRefAreEachNamed()
    {
        var errors = LoanOutcomeRules.Validate(new LoanOutcomeInput(Uscc, "mortgage", 1m, "closed", "2026-06-16", "L/1"), Products, Today, out _, out _);

        Assert.Equal(["loanRef", "on", "product", "status"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void TheIdIsTheLoanRefAndStatusOrAHashOfEveryField()
    {
        var withRef = LoanOutcomeRules.IdOf(Uscc, "standard", 1m, "granted", Today, "L-1");
        var hashed = LoanOutcomeRules.IdOf(Uscc, "standard", 1m, "granted", Today, null);

        Assert.Equal("r~L-1~granted", withRef);
        Assert.Equal(hashed, LoanOutcomeRules.IdOf(Uscc, "standard", 1.00m, "granted", Today, null));
        Assert.NotEqual(hashed, LoanOutcomeRules.IdOf(Uscc, "standard", 1m, "repaid", Today, null));
    }

    [Fact]
    public void ARangeOverThirtySixMonthsOrBackwardsIsRefused()
    {
        Assert.True(LoanOutcomeRules.ValidateRange("2024-01", "2026-12", out _, out _).IsEmpty);
        Assert.False(LoanOutcomeRules.ValidateRange("2024-01", "2027-01", out _, out _).IsEmpty);
        Assert.False(LoanOutcomeRules.ValidateRange("2026-05", "2026-04", out _, out _).IsEmpty);
        Assert.False(LoanOutcomeRules.ValidateRange("2026-5", "2026-13", out _, out _).IsEmpty);
    }

    [Fact]
    public void StatisticsSumGrantedVolumeByBankProductAndCountyAndCountEveryStatusPerMonth()
    {
        var may = new YearMonth(2026, 5);
        var june = new YearMonth(2026, 6);
        var outcomes = new Dictionary<YearMonth, IReadOnlyList<LoanOutcome>>
        {
            [may] = [Outcome("bank-a", "standard", "411702", 100m, "granted"), Outcome("bank-a", "standard", "411702", 50.5m, "granted"), Outcome("bank-b", "agri-supply", null, 30m, "granted")],
            [june] = [Outcome("bank-a", "standard", "411702", 100m, "repaid"), Outcome("bank-a", "standard", "411702", 20m, "overdue")],
        };

        var statistics = LoanStatisticsAggregator.Aggregate(new YearMonth(2026, 4), june, outcomes);

        Assert.Equal(["2026-04", "2026-05", "2026-06"], statistics.Months.Select(m => m.Month));
        Assert.Equal(0, statistics.Months[0].GrantedCount);
        Assert.Equal(180.5m, statistics.GrantedAmount);
        Assert.Equal(3, statistics.GrantedCount);
        Assert.Equal(
            [("bank-a", "standard", "411702", "驿城区", 150.5m, 2), ("bank-b", "agri-supply", null, null, 30m, 1)],
            statistics.Months[1].Groups.Select(g => (g.BankId, g.Product, g.County, g.CountyName, g.GrantedAmount, g.GrantedCount)));
        var juneA = Assert.Single(statistics.Months[2].Groups);
        Assert.Equal(0m, juneA.GrantedAmount);
        Assert.Equal(new StatusTotal(1, 100m), juneA.ByStatus["repaid"]);
        Assert.Equal(new StatusTotal(1, 20m), juneA.ByStatus["overdue"]);
        Assert.Equal(new StatusTotal(0, 0m), juneA.ByStatus["written-off"]);
    }

    private static LoanOutcome Outcome(string bank, string product, string? county, decimal amount, string status)
        => new(Guid.NewGuid().ToString("N"), bank, Uscc, product, amount, status, Today, null, county, Now);
}
