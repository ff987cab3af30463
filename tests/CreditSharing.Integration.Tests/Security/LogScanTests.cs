using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Security;

/// <summary>The scanner every DevHost of the run logs through (<see cref="LogScan"/>), and traffic that would tempt a leak.</summary>
public sealed class LogScanTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> LeakingLines() => new(
        "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789",
        "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl was refused",
        "representative " + TestData.IdNumber("19800101") + " matched");

    [Theory]
    [MemberData(nameof(LeakingLines))]
    public void RecognisesATokenOrAnIdNumberInALine(string line)
        => Assert.NotNull(LogScan.Leak(line));

    [Fact]
    public void LetsAMaskedIdNumberAndAUsccPass()
    {
        var id = TestData.IdNumber("19800101");

        Assert.Null(LogScan.Leak($"representative {id[..6]}********{id[^4..]} of {TestData.NewUscc()} matched"));
    }

    [Fact]
    public async Task LogsNoSecretWhileHandlingIdNumbersAndBadTokens()
    {
        var uscc = TestData.NewUscc();
        var idNumber = TestData.IdNumber("19710707");
        using var provider = await host.ClientAsync("sw-logscan", "DataProvider");
        using var regulator = await host.ClientAsync("reg-logscan", "Regulator");
        var before = LogScan.LinesScanned;

        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "日志企业", legalRepresentative = new { name = "郑十", idNumber } }, Ct)).EnsureSuccessStatusCode();
        using var bad = await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "日志企业", legalRepresentative = new { name = "郑十", idNumber = idNumber[..17] + "0" } }, Ct);
        using var search = await regulator.PostAsJsonAsync("/api/lists/legal-representatives/search", new { idNumber }, Ct);
        using var anonymous = host.Anonymous();
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.dGFtcGVyZWQtc2lnbmF0dXJl");
        using var refused = await anonymous.GetAsync("/api/grades/summary", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True(LogScan.LinesScanned > before, "the DevHost's log lines reach the scanner");
        Assert.Empty(LogScan.LeaksSeen);
    }
}
