using System.Security.Cryptography;
using System.Text;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Reports;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Reports;

/// <summary><see cref="ReportService"/>'s own rules: the content hash a bank can recompute, report numbers, verification, and a bank's report under consent.</summary>
public sealed class ReportServiceTests
{
    private const string Uscc = "91411702MA6ULN0X2U";
    private const string BankId = "zmd-bank";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CreditReportContent Content(string? recordStatus = null) => new(
        "CR20261203ABCDEFGHJKLMNPQR",
        ReportTypes.Public,
        Now,
        "2026.1",
        new ReportSubject(Uscc, "天中粮油", "411702", "驿城区", null, []),
        new ReportGrade("B", null, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), []),
        [new ReportRecord("p~1", "penalty", "处罚", new DateOnly(2026, 1, 5), null, "驻马店市市场监督管理局", "public", recordStatus)],
        []);

    [Fact]
    public void The_content_hash_is_the_sha256_of_the_documented_compact_json()
    {
        const string Json = """{"reportNo":"CR20261203ABCDEFGHJKLMNPQR","type":"public","issuedAt":"2026-12-03T02:00:00+00:00","rulesVersion":"2026.1","subject":{"uscc":"91411702MA6ULN0X2U","name":"天中粮油","county":"411702","countyName":"驿城区","industry":null,"formerNames":[]},"grade":{"grade":"B","score":null,"computedAt":"2026-12-01T00:00:00+00:00","factors":[]},"records":[{"id":"p~1","category":"penalty","title":"处罚","decisionDate":"2026-01-05","documentNo":null,"authority":"驻马店市市场监督管理局","disclosure":"public","status":null}],"listEntries":[]}""";

        var hash = ReportService.ContentHash(Content());

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Json))), hash);
    }

    [Fact]
    public void The_content_hash_changes_when_any_part_of_the_content_changes()
    {
        Assert.NotEqual(ReportService.ContentHash(Content()), ReportService.ContentHash(Content("repaired")));
        Assert.Equal(ReportService.ContentHash(Content()), ReportService.ContentHash(Content()));
    }

    [Theory]
    [InlineData("CR20261203ABCDEFGHJKLMNPQR", true)]
    [InlineData("CR2026120323456789ABCDEFGH", true)]
    [InlineData("CR20261203ABCDEFGHJKLMNPQ", false)]
    [InlineData("CR20261203ABCDEFGHJKLMNPQRS", false)]
    [InlineData("CR20261203ABCDEFGHIKLMNPQR", false)]
    [InlineData("CR20261203ABCDEFGHJKLMNOQR", false)]
    [InlineData("CR2026120301CDEFGHJKLMNPQR", false)]
    [InlineData("CR20261203abcdefghjklmnpqr", false)]
    [InlineData("cr20261203ABCDEFGHJKLMNPQR", false)]
    [InlineData("CR2026-203ABCDEFGHJKLMNPQR", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_report_number_is_CR_the_date_and_16_characters_without_look_alikes(string? value, bool valid)
        => Assert.Equal(valid, ReportService.IsReportNumber(value));

    [Fact]
    public async Task Verifying_a_registered_number_shows_its_registry_row_and_an_unknown_one_shows_nothing()
    {
        var fixture = new Fixture();
        var entry = new ReportEntry("CR20261203ABCDEFGHJKLMNPQR", Uscc, "天中粮油", Now, ReportTypes.Full, new string('a', 64), new string('b', 64), "2026.1", 3, "enterprise-user");
        await fixture.Registry.AddAsync(entry, Ct);

        var found = await fixture.Service.VerifyAsync(entry.ReportNo, Ct);
        var unknown = await fixture.Service.VerifyAsync("CR20261203ABCDEFGHJKLMNPQS", Ct);

        Assert.Equal(new ReportVerification(entry.ReportNo, Uscc, "天中粮油", Now, ReportTypes.Full, entry.ContentSha256, entry.FileSha256, "2026.1", 3), found);
        Assert.Null(unknown);
    }

    [Theory]
    [InlineData("CR20261203ABCDEFGHJKLMNPQ")]
    [InlineData("../../admin")]
    [InlineData("CR20261203ABCDEFGHJKLMNPQR' or '1'='1")]
    [InlineData(null)]
    public async Task Verifying_what_cannot_be_a_report_number_reads_nothing(string? reportNo)
    {
        var fixture = new Fixture();

        var found = await fixture.Service.VerifyAsync(reportNo, Ct);

        Assert.Null(found);
        Assert.Equal(0, fixture.Registry.Reads);
    }

    [Fact]
    public void The_verification_url_is_the_public_base_and_the_number()
        => Assert.Equal("https://credit.example.cn/verify/CR20261203ABCDEFGHJKLMNPQR", new Fixture().Service.VerifyUrl("CR20261203ABCDEFGHJKLMNPQR"));

    [Fact]
    public async Task A_bank_without_consent_is_refused_logged_and_issued_no_report()
    {
        var fixture = new Fixture();

        var outcome = await fixture.Service.FullAsync(Uscc, new ReportRequester.Bank("officer-1", BankId), Ct);

        var refused = Assert.IsType<ReportOutcome.Refused>(outcome);
        var logged = Assert.Single(fixture.AccessLog.Entries);
        Assert.Equal((Uscc, new AccessLogEntry(refused.AuditId, BankId, ReportService.AccessLogProduct, "refused", Now)), logged);
        Assert.Empty(fixture.Registry.Entries);
    }

    [Theory]
    [InlineData(true, "2027-06-01")]
    [InlineData(false, "2026-12-02")]
    public async Task A_bank_whose_consent_is_revoked_or_expired_is_refused(bool revoked, string expiresOn)
    {
        var fixture = new Fixture();
        await fixture.Consents.SaveAsync(new Consent(Uscc, BankId, "贷款审批", DateOnly.Parse(expiresOn, System.Globalization.CultureInfo.InvariantCulture), Now.AddMonths(-1), "e-user", revoked ? Now.AddDays(-1) : null), Ct);

        var outcome = await fixture.Service.FullAsync(Uscc, new ReportRequester.Bank("officer-1", BankId), Ct);

        Assert.IsType<ReportOutcome.Refused>(outcome);
        Assert.Equal("refused", Assert.Single(fixture.AccessLog.Entries).Entry.Outcome);
    }

    [Fact]
    public async Task A_full_report_of_a_malformed_uscc_is_invalid_naming_uscc_and_logs_nothing()
    {
        var fixture = new Fixture();

        var outcome = await fixture.Service.FullAsync("91411702MA6ULN0X2X", new ReportRequester.Bank("officer-1", BankId), Ct);

        var invalid = Assert.IsType<ReportOutcome.Invalid>(outcome);
        Assert.Equal(["uscc"], invalid.Errors.ToDictionary().Keys);
        Assert.Empty(fixture.AccessLog.Entries);
    }

    private sealed class Fixture
    {
        public Fixture()
        {
            var clock = new FixedTimeProvider(Now);
            Service = new ReportService(null!, null!, null!, null!, new MemoryEnterpriseStore(), Consents, AccessLog, Registry, null!, new TracePublicUrls(() => "https://credit.example.cn"), CreditRules.Default, clock);
        }

        public MemoryRegistry Registry { get; } = new();

        public MemoryConsents Consents { get; } = new();

        public MemoryAccessLog AccessLog { get; } = new();

        public ReportService Service { get; }
    }

    private sealed class MemoryRegistry : IReportRegistry
    {
        private readonly Dictionary<string, ReportEntry> entries = new(StringComparer.Ordinal);

        public int Reads { get; private set; }

        public IReadOnlyCollection<ReportEntry> Entries => entries.Values;

        public Task AddAsync(ReportEntry entry, CancellationToken cancellationToken)
        {
            entries.Add(entry.ReportNo, entry);
            return Task.CompletedTask;
        }

        public Task<ReportEntry?> GetAsync(string reportNo, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(entries.GetValueOrDefault(reportNo));
        }
    }

    private sealed class MemoryConsents : IConsentStore
    {
        private readonly Dictionary<(string, string), Consent> consents = [];

        public Task SaveAsync(Consent consent, CancellationToken cancellationToken)
        {
            consents[(consent.Uscc, consent.BankId)] = consent;
            return Task.CompletedTask;
        }

        public Task<Consent?> GetAsync(string uscc, string bankId, CancellationToken cancellationToken) => Task.FromResult(consents.GetValueOrDefault((uscc, bankId)));

        public Task<IReadOnlyList<Consent>> ListAsync(string uscc, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class MemoryAccessLog : IAccessLog
    {
        public List<(string Uscc, AccessLogEntry Entry)> Entries { get; } = [];

        public Task AppendAsync(string uscc, AccessLogEntry entry, CancellationToken cancellationToken)
        {
            Entries.Add((uscc, entry));
            return Task.CompletedTask;
        }

        public Task AppendManyAsync(IReadOnlyList<(string Uscc, AccessLogEntry Entry)> lines, CancellationToken cancellationToken)
        {
            Entries.AddRange(lines);
            return Task.CompletedTask;
        }

        public Task<(IReadOnlyList<AccessLogEntry> Items, string? ContinuationToken)> PageAsync(string uscc, int pageSize, string? continuationToken, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
