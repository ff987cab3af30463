using CreditSharing.Core.Grading;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;

namespace CreditSharing.Core.Tests.Loans;

/// <summary><see cref="LoanService"/> over in-memory stores; the city's day is 2026-06-15.</summary>
public sealed class LoanServiceTests
{
    private const string Bank = "bank-zmd";
    private const string Uscc = LoanRecords.Uscc;
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 2, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Fixture
    {
        public MemoryConsentStore Consents { get; } = new();

        public MemoryAccessLog AccessLog { get; } = new();

        public MemoryRecordFacts Records { get; } = new();

        public MemoryListEntryReader Lists { get; } = new();

        public LoanService Service => new(Consents, AccessLog, Records, Lists, new MemoryEnterpriseStore(), CreditRules.Default, new FixedTimeProvider(Now));

        /// <summary>Enough data for the standard loan that moves no points: a tax rating M and a transport rating "average" from two departments.</summary>
        public void AddEnoughData()
        {
            Records.Facts.Add(new RecordFacts(LoanRecords.TaxRating("T-M", new DateOnly(2026, 4, 15), "M"), null));
            Records.Facts.Add(new RecordFacts(LoanRecords.WithOutcome("TR-1", RecordCategories.TransportCredit, new DateOnly(2026, 3, 1), "average") with { Outcome = null, Rating = "average", ProviderId = "transport-dept" }, null));
        }

        public async Task GrantAsync(string bank = Bank, string expiresOn = "2026-12-31")
            => Assert.NotNull((await Service.GrantAsync(Uscc, new ConsentInput(bank, "流动资金贷款审查", expiresOn), "enterprise-user", Ct)).Value);
    }

    [Fact]
    public async Task RefusesACheckWithoutConsentAndLogsTheRefusal()
    {
        var fixture = new Fixture();

        var outcome = await fixture.Service.CheckAsync(new EligibilityRequest(Uscc, null), Bank, Ct);

        var refused = Assert.IsType<EligibilityOutcome.Refused>(outcome);
        Assert.Equal("The enterprise has not authorised this bank.", refused.Reason);
        var (uscc, line) = Assert.Single(fixture.AccessLog.Lines);
        Assert.Equal((Uscc, new AccessLogEntry(refused.AuditId, Bank, "standard", "refused", Now)), (uscc, line));
    }

    [Fact]
    public async Task RefusesABankTheEnterpriseDidNotAuthorise()
    {
        var fixture = new Fixture();
        await fixture.GrantAsync(bank: "bank-other");

        var outcome = await fixture.Service.CheckAsync(new EligibilityRequest(Uscc, null), Bank, Ct);

        Assert.Equal("The enterprise has not authorised this bank.", Assert.IsType<EligibilityOutcome.Refused>(outcome).Reason);
    }

    [Fact]
    public async Task RefusesACheckAfterTheConsentIsRevoked()
    {
        var fixture = new Fixture();
        await fixture.GrantAsync();
        var revoked = await fixture.Service.RevokeAsync(Uscc, Bank, Ct);

        var outcome = await fixture.Service.CheckAsync(new EligibilityRequest(Uscc, "agri-supply"), Bank, Ct);

        Assert.Equal(Now, revoked.Value!.RevokedAt);
        Assert.Equal("The enterprise's consent for this bank is revoked or expired.", Assert.IsType<EligibilityOutcome.Refused>(outcome).Reason);
        Assert.Equal(("agri-supply", "refused"), (fixture.AccessLog.Lines.Single().Entry.Product, fixture.AccessLog.Lines.Single().Entry.Outcome));
    }

    [Fact]
    public async Task RefusesACheckAfterTheConsentExpired()
    {
        var fixture = new Fixture();
        await fixture.Consents.SaveAsync(new Consent(Uscc, Bank, "审查", new DateOnly(2026, 6, 14), Now.AddDays(-30), "enterprise-user", null), Ct);

        var outcome = await fixture.Service.CheckAsync(new EligibilityRequest(Uscc, null), Bank, Ct);

        Assert.IsType<EligibilityOutcome.Refused>(outcome);
        Assert.Equal("refused", Assert.Single(fixture.AccessLog.Lines).Entry.Outcome);
    }

    [Fact]
    public async Task AnswersOnTheLastDayOfAConsentAndLogsTheOutcome()
    {
        var fixture = new Fixture();
        await fixture.GrantAsync(expiresOn: "2026-06-15");
        fixture.AddEnoughData();

        var outcome = await fixture.Service.CheckAsync(new EligibilityRequest(Uscc, null), Bank, Ct);

        var answer = Assert.IsType<EligibilityOutcome.Answered>(outcome).Answer;
        Assert.Equal((Uscc, "standard", true, "B", 800, Now), (answer.Uscc, answer.Product, answer.Eligible, answer.Summary.Grade, answer.Summary.Score, answer.CheckedAt));
        Assert.Null(answer.Reason);
        Assert.Equal(7, answer.Checks.Count);
        Assert.Equal(new AccessLogEntry(answer.AuditId, Bank, "standard", "eligible", Now), Assert.Single(fixture.AccessLog.Lines).Entry);
    }

    [Fact]
    public async Task LogsAnIneligibleAnswerWhenACheckFails()
    {
        var fixture = new Fixture();
        await fixture.GrantAsync();
        fixture.AddEnoughData();
        fixture.Records.Facts.Add(new RecordFacts(LoanRecords.WithOutcome("J-1", RecordCategories.CourtDishonest, new DateOnly(2025, 1, 1), "active"), null));
        fixture.Lists.Entries.Add((Uscc, new ListEntrySnapshot("E1", "watch", new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1), null)));

        var answer = Assert.IsType<EligibilityOutcome.Answered>(await fixture.Service.CheckAsync(new EligibilityRequest(Uscc, null), Bank, Ct)).Answer;

        Assert.False(answer.Eligible);
        Assert.Equal(["grade", "no-black-or-watch-entry", "no-court-dishonest"], answer.Checks.Where(c => !c.Passed).Select(c => c.Rule));
        Assert.Equal("checks-failed", answer.Reason);
        Assert.Equal(["watch"], answer.Summary.ActiveLists);
        Assert.Equal("ineligible", Assert.Single(fixture.AccessLog.Lines).Entry.Outcome);
    }

    [Fact]
    public async Task DoesNotCountARecordRepairedByToday()
    {
        var fixture = new Fixture();
        await fixture.GrantAsync();
        fixture.Records.Facts.Add(new RecordFacts(LoanRecords.Penalty("F-1", new DateOnly(2026, 3, 1), "serious"), RepairedOn: new DateOnly(2026, 6, 15)));

        var answer = Assert.IsType<EligibilityOutcome.Answered>(await fixture.Service.CheckAsync(new EligibilityRequest(Uscc, null), Bank, Ct)).Answer;

        Assert.True(answer.Checks.Single(c => c.Rule == "no-serious-penalty").Passed);
        Assert.Equal(0, answer.Summary.PenaltiesLast12Months);
    }

    [Fact]
    public async Task DoesNotCountAWithdrawnRecord()
    {
        var fixture = new Fixture();
        await fixture.GrantAsync();
        fixture.Records.Facts.Add(new RecordFacts(LoanRecords.Penalty("F-1", new DateOnly(2026, 3, 1), "serious"), null, WithdrawnOn: new DateOnly(2026, 6, 15)));

        var answer = Assert.IsType<EligibilityOutcome.Answered>(await fixture.Service.CheckAsync(new EligibilityRequest(Uscc, null), Bank, Ct)).Answer;

        Assert.True(answer.Checks.Single(c => c.Rule == "no-serious-penalty").Passed);
        Assert.Equal(0, answer.Summary.PenaltiesLast12Months);
    }

    [Fact]
    public async Task RejectsAnUnknownProductAndAMalformedUsccWithoutLogging()
    {
        var fixture = new Fixture();

        var outcome = await fixture.Service.CheckAsync(new EligibilityRequest("914117", "mortgage"), Bank, Ct);

        Assert.Equal(["product", "uscc"], Assert.IsType<EligibilityOutcome.Invalid>(outcome).Errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
        Assert.Empty(fixture.AccessLog.Lines);
    }

    [Theory]
    [InlineData("2026-06-15", true)]
    [InlineData("2027-06-15", true)]
    [InlineData("2027-06-16", false)]
    [InlineData("2026-06-14", false)]
    [InlineData("2026/12/31", false)]
    public async Task GrantsAConsentLastingFromTodayToAtMostOneYear(string expiresOn, bool granted)
    {
        var fixture = new Fixture();

        var result = await fixture.Service.GrantAsync(Uscc, new ConsentInput(Bank, "流动资金贷款审查", expiresOn), "enterprise-user", Ct);

        if (granted)
        {
            Assert.Equal(new Consent(Uscc, Bank, "流动资金贷款审查", DateOnly.Parse(expiresOn, System.Globalization.CultureInfo.InvariantCulture), Now, "enterprise-user", null), result.Value);
            Assert.Equal(result.Value, await fixture.Consents.GetAsync(Uscc, Bank, Ct));
        }
        else
        {
            Assert.Equal(["expiresOn"], result.Errors!.ToDictionary().Keys);
            Assert.Null(await fixture.Consents.GetAsync(Uscc, Bank, Ct));
        }
    }

    [Fact]
    public async Task RejectsAConsentNamingEveryBadField()
    {
        var result = await new Fixture().Service.GrantAsync("bad", new ConsentInput("bank zmd", " ", null), "enterprise-user", Ct);

        Assert.Equal(["bankId", "expiresOn", "purpose", "uscc"], result.Errors!.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnswersNotFoundForARevocationOfAConsentNeverGiven()
    {
        var result = await new Fixture().Service.RevokeAsync(Uscc, Bank, Ct);

        Assert.Equal($"{Uscc} has given no consent to {Bank}.", result.NotFoundDetail);
    }

    [Fact]
    public async Task KeepsTheFirstRevocationTime()
    {
        var fixture = new Fixture();
        await fixture.Consents.SaveAsync(new Consent(Uscc, Bank, "审查", new DateOnly(2026, 12, 31), Now.AddDays(-30), "enterprise-user", Now.AddDays(-1)), Ct);

        var result = await fixture.Service.RevokeAsync(Uscc, Bank, Ct);

        Assert.Equal(Now.AddDays(-1), result.Value!.RevokedAt);
    }

    [Fact]
    public async Task RefusesAnEnterpriseGradedBOnNoDataWithInsufficientData()
    {
        var fixture = new Fixture();
        await fixture.GrantAsync();

        var answer = Assert.IsType<EligibilityOutcome.Answered>(await fixture.Service.CheckAsync(new EligibilityRequest(Uscc, null), Bank, Ct)).Answer;

        Assert.Equal((false, "insufficient-data", "B"), (answer.Eligible, answer.Reason, answer.Summary.Grade));
        Assert.Equal(["minimum-data"], answer.Checks.Where(c => !c.Passed).Select(c => c.Rule));
        Assert.Equal("ineligible", Assert.Single(fixture.AccessLog.Lines).Entry.Outcome);
    }
}
