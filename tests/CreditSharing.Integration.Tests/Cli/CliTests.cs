using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CreditSharing.Cli;
using CreditSharing.Cli.Imports;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;
using Spectre.Console;

namespace CreditSharing.Integration.Tests.Cli;

/// <summary>
/// The <c>creditsharing</c> command app run in-process against a DevHost (issue 25, point 3): an import end to end
/// through a SAS upload with its exit codes, an interrupted upload resumed by rerunning, batch eligibility as json.
/// </summary>
public sealed class CliTests(DevHostFixture host) : IClassFixture<DevHostFixture>, IDisposable
{
    private const string Header = "sourceId,uscc,category,title,decisionDate,authority,disclosure";
    private readonly string directory = Directory.CreateTempSubdirectory("creditsharing-cli-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ImportsAFileEndToEndAndExitsZeroThreeTwoOrOne()
    {
        var token = await TokenAsync(new LocalTokenRequest(["DataProvider"], "cli-provider", null, null));
        var uscc = TestData.NewUscc("411702");
        var clean = Write("clean.csv", Csv(uscc, "CLI-A", lines: 40));
        var withBadLine = Write("bad.csv", Csv(uscc, "CLI-B", lines: 20) + $"CLI-B-X,{uscc},honour,坏日期,2026-13-45,驻马店市商务局,public\n");

        var ok = await RunAsync(["import", clean, "--wait", .. Options(token)]);
        var rejected = await RunAsync(["import", withBadLine, "--wait", .. Options(token)]);
        var rejectedId = Json(rejected.Out).GetProperty("importId").GetString()!;
        var rejectedCsv = Path.Combine(directory, "rejected.csv");
        var listed = await RunAsync(["import", "rejected", rejectedId, "--out", rejectedCsv, .. Options(token)]);
        var status = await RunAsync(["import", "status", rejectedId, .. Options(token)]);
        var badUsage = await RunAsync(["import", clean, "--output", "xml", "--url", host.BaseAddress.ToString(), "--token", token]);
        var missingFile = await RunAsync(["import", Path.Combine(directory, "none.csv"), .. Options(token)]);
        var unknown = await RunAsync(["import", "status", Guid.NewGuid().ToString("N"), .. Options(token)]);

        Assert.Equal(0, ok.ExitCode);
        var done = Json(ok.Out);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(40, done.GetProperty("accepted").GetInt64());
        Assert.False(File.Exists(UploadState.PathFor(clean)));
        Assert.Equal(3, rejected.ExitCode);
        Assert.Equal(20, Json(rejected.Out).GetProperty("accepted").GetInt64());
        Assert.Equal(1, Json(rejected.Out).GetProperty("rejected").GetInt64());
        Assert.Equal(0, listed.ExitCode);
        var lines = await File.ReadAllLinesAsync(rejectedCsv, Ct);
        Assert.Equal("line,field,message", lines[0].TrimStart('\uFEFF'));
        Assert.StartsWith("22,decisionDate,", lines[1], StringComparison.Ordinal);
        Assert.Equal(3, status.ExitCode);
        Assert.Equal(2, badUsage.ExitCode);
        Assert.Contains("--output", badUsage.Error, StringComparison.Ordinal);
        Assert.Equal(2, missingFile.ExitCode);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("404", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeverityReachesNationalPenaltyRowsOfASasUpload()
    {
        var token = await TokenAsync(new LocalTokenRequest(["DataProvider"], "cli-market", null, null));
        using var regulator = await host.ClientAsync("cli-regulator", "Regulator");
        var uscc = TestData.NewUscc("411724");
        const string header = "行政相对人名称,行政相对人类别,统一社会信用代码,法定代表人,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,处罚机关";
        string Penalty(string documentNo) => $"{header}\n驻马店某商行,法人及非法人组织,{uscc},张三,{documentNo},销售过期食品,经查……,《食品安全法》第一百二十四条,罚款,罚款0.5万元,0.5,2026/5/1,驻马店市市场监督管理局\n";
        var withSeverity = Write("penalty-serious.csv", Penalty("驻市监罚〔2026〕901号"));
        var without = Write("penalty-none.csv", Penalty("驻市监罚〔2026〕902号"));

        var serious = await RunAsync(["import", withSeverity, "--severity", "serious", "--wait", .. Options(token)]);
        var rejected = await RunAsync(["import", without, "--wait", .. Options(token)]);
        var records = await Infrastructure.Records.AllAsync(regulator, uscc);

        Assert.Equal(0, serious.ExitCode);
        Assert.Equal(3, rejected.ExitCode);
        var record = Assert.Single(records);
        Assert.Equal("serious", record.GetProperty("severity").GetString());
        Assert.Equal(5000m, record.GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task AnInterruptedUploadResumesByRerunningTheSameCommand()
    {
        var token = await TokenAsync(new LocalTokenRequest(["DataProvider"], "cli-resume-provider", null, null));
        var uscc = TestData.NewUscc("411702");
        var file = Write("resume.csv", Csv(uscc, "CLI-R", lines: 200));
        var blocks = BlockIds.Count(new FileInfo(file).Length, 1024);
        Assert.True(blocks >= 6);
        using var failing = new BlockPuts(failAfter: 3);
        using var counting = new BlockPuts(failAfter: int.MaxValue);

        var interrupted = await RunAsync(["import", file, "--wait", "--block-size", "1024", .. Options(token)], blobHandler: failing);
        var saved = System.Text.Json.JsonSerializer.Deserialize<UploadState>(await File.ReadAllTextAsync(UploadState.PathFor(file), Ct), JsonSerializerOptions.Web)!;
        var resumed = await RunAsync(["import", file, "--wait", "--block-size", "1024", .. Options(token)], blobHandler: counting);

        Assert.Equal(1, interrupted.ExitCode);
        Assert.Contains("rerun the same command", interrupted.Error, StringComparison.Ordinal);
        Assert.Equal(3, saved.Acknowledged.Count);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(blocks - 3, counting.Staged);
        var done = Json(resumed.Out);
        Assert.Equal(saved.UploadId, done.GetProperty("importId").GetString());
        Assert.Equal(200, done.GetProperty("accepted").GetInt64());
    }

    [Fact]
    public async Task EligibilityCheckPrintsEachEnterpriseAsJson()
    {
        var bankId = "cli-bank-" + Guid.NewGuid().ToString("N")[..8];
        var token = await TokenAsync(new LocalTokenRequest(["Bank"], "officer-" + bankId, null, bankId));
        var registered = TestData.NewUscc("411702");
        var unknown = TestData.NewUscc("411702");
        using (var provider = await host.ClientAsync("cli-tax", "DataProvider"))
        {
            (await provider.PutAsJsonAsync($"/api/enterprises/{registered}", new { name = "命令行测试商行", county = "411702" }, Ct)).EnsureSuccessStatusCode();
        }

        var list = Write("usccs.txt", $"# enterprises\n{unknown}\n\n");
        var result = await RunAsync(["eligibility", "check", registered, "--file", list, "--product", "standard", .. Options(token)]);
        var noInput = await RunAsync(["eligibility", "check", .. Options(token)]);

        Assert.Equal(0, result.ExitCode);
        var items = Json(result.Out).GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("uscc").GetString()!, i => i.GetProperty("status").GetString());
        Assert.Equal("no-consent", items[registered]);
        Assert.Equal("unknown-enterprise", items[unknown]);
        Assert.Equal(2, noInput.ExitCode);
    }

    [Fact]
    public async Task LoginDevSavesAPrivateTokenThatLaterCommandsUse()
    {
        var unknownImport = Guid.NewGuid().ToString("N");
        var notSignedIn = await RunAsync(["import", "status", unknownImport, "--url", host.BaseAddress.ToString()]);
        using (await host.ClientAsync("cli-login-provider", "DataProvider"))
        {
            // Registers the provider in the registry; the CLI then asks the DevHost for its own token.
        }

        var login = await RunAsync(["login", "--dev", "--url", host.BaseAddress.ToString(), "--role", "DataProvider", "--sub", "cli-login-provider"]);
        var signedIn = await RunAsync(["import", "status", unknownImport]);

        Assert.Equal(2, notSignedIn.ExitCode);
        Assert.Contains("login", notSignedIn.Error, StringComparison.Ordinal);
        Assert.Equal(0, login.ExitCode);
        var config = Path.Combine(directory, "home", CreditSharing.Cli.Infrastructure.CliConfig.FileName);
        Assert.True(File.Exists(config));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        }

        Assert.Equal(1, signedIn.ExitCode);
        Assert.Contains("404", signedIn.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EntraSignInTakesTenantClientAndScopeFromTheConfigurationWithoutNetwork()
    {
        var home = Path.Combine(directory, "entra");
        var configured = new CreditSharing.Cli.Infrastructure.EntraSignIn(home, new CreditSharing.Cli.Infrastructure.CliConfig(TenantId: "zmd.example", ClientId: "11111111-2222-3333-4444-555555555555"));
        var scoped = new CreditSharing.Cli.Infrastructure.EntraSignIn(home, new CreditSharing.Cli.Infrastructure.CliConfig(ClientId: "11111111-2222-3333-4444-555555555555", Scope: "api://creditsharing/DataProvider"));

        Assert.Equal(["api://11111111-2222-3333-4444-555555555555/.default"], configured.Scopes);
        Assert.Contains("zmd.example", configured.Authority, StringComparison.Ordinal);
        Assert.Contains("organizations", scoped.Authority, StringComparison.Ordinal);
        Assert.Equal(["api://creditsharing/DataProvider"], scoped.Scopes);
        Assert.Equal(Path.Combine(home, "msal-cache.bin"), configured.CachePath);
        Assert.Throws<CreditSharing.Cli.Infrastructure.UsageException>(() => new CreditSharing.Cli.Infrastructure.EntraSignIn(home, new CreditSharing.Cli.Infrastructure.CliConfig()));
    }

    [Fact]
    public void PrivateFilesAreReadableByTheUserOnly()
    {
        var path = Path.Combine(directory, "private", "cache.bin");

        CreditSharing.Cli.Infrastructure.PrivateFile.Write(path, [1, 2, 3]);
        CreditSharing.Cli.Infrastructure.PrivateFile.Write(path, [4, 5]);

        Assert.Equal([4, 5], File.ReadAllBytes(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string[] Options(string token) => ["--url", host.BaseAddress.ToString(), "--token", token, "--output", "json", "--poll-interval", "100"];

    private async Task<string> TokenAsync(LocalTokenRequest request)
    {
        using var client = await host.ClientAsync(request);
        return client.DefaultRequestHeaders.Authorization!.Parameter!;
    }

    private async Task<CliRun> RunAsync(string[] args, HttpMessageHandler? blobHandler = null)
    {
        // --poll-interval is an option of import only.
        var filtered = args[0] == "import" ? args : Without(args, "--poll-interval");
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var environment = new CliEnvironment(Path.Combine(directory, "home"), error, BlobHandler: blobHandler) { UrlFromEnvironment = null, TokenFromEnvironment = null };
        var code = await CliApp.RunAsync(filtered, console, environment, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"creditsharing {string.Join(' ', filtered)} -> {code}\n{output}\n{error}");
        return new CliRun(code, output.ToString(), error.ToString());
    }

    private static string[] Without(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return index < 0 ? args : [.. args[..index], .. args[(index + 2)..]];
    }

    private static JsonElement Json(string output)
        => JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'))).RootElement.Clone();

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private static string Csv(string uscc, string prefix, int lines)
    {
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < lines; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{prefix}-{uscc}-{i:D5},{uscc},honour,诚信经营示范商户第{i}号,2026-01-15,驻马店市商务局,public\n");
        }

        return csv.ToString();
    }

    private sealed record CliRun(int ExitCode, string Out, string Error);

    /// <summary>Blob storage as the CLI sees it: counts Put Block requests and drops the connection after a number.</summary>
    private sealed class BlockPuts(int failAfter) : DelegatingHandler(new HttpClientHandler())
    {
        private int attempts;
        private int staged;

        public int Staged => staged;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = request.RequestUri!.Query;
            if (request.Method == HttpMethod.Put && (query.Contains("comp=block&", StringComparison.Ordinal) || query.EndsWith("comp=block", StringComparison.Ordinal)))
            {
                if (Interlocked.Increment(ref attempts) > failAfter)
                {
                    throw new HttpRequestException("connection reset (test)");
                }

                var response = await base.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref staged);
                }

                return response;
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
