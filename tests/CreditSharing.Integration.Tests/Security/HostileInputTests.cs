using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;
using Xunit.Sdk;
using Xunit.v3;

namespace CreditSharing.Integration.Tests.Security;

/// <summary>
/// Issue 11, bad input: every request of <see cref="HostileCorpus"/> answers 4xx with a problem
/// document (or the 2xx its case documents), never 5xx, and the service keeps serving afterwards.
/// </summary>
[TestCaseOrderer(typeof(HostileInputTests.HealthLast))]
public sealed class HostileInputTests(HostileInputTests.Host host, ITestOutputHelper output) : IClassFixture<HostileInputTests.Host>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> CaseNames() => new(HostileCorpus.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task AnswersAHostileRequestWithAProblemAndNeverAServerError(string name)
    {
        var hostile = HostileCorpus.Named(name);

        var answer = await host.SendAsync(hostile);

        output.WriteLine($"{hostile.Method} {Shorten(hostile.PathAndQuery)} as {Shorten(hostile.Caller.Key)} → {answer.Status} {answer.MediaType}");
        output.WriteLine(Shorten(answer.Body));
        Assert.True(answer.Status < 500, $"a server error ({answer.Status}) for {name}: {Shorten(answer.Body)}");
        switch (hostile.Expect)
        {
            case HostileExpectation.Problem:
                Assert.InRange(answer.Status, 400, 499);
                AssertProblem(answer);
                if (hostile.RejectsFirstItem)
                {
                    using var refusal = JsonDocument.Parse(answer.Body);
                    Assert.Equal(422, answer.Status);
                    Assert.Contains(refusal.RootElement.GetProperty("rejected").EnumerateArray(), r => r.GetProperty("index").GetInt32() == 0);
                }

                break;
            case HostileExpectation.RefusedByServer:
                Assert.Contains(answer.Status, new[] { 400, 414 });
                break;
            case HostileExpectation.HtmlPage:
                Assert.InRange(answer.Status, 400, 499);
                Assert.Equal("text/html", answer.MediaType);
                Assert.DoesNotContain("<script>", answer.Body, StringComparison.OrdinalIgnoreCase);
                break;
            case HostileExpectation.HtmlAnswer:
                Assert.Equal("text/html", answer.MediaType);
                Assert.DoesNotContain("<script>", answer.Body, StringComparison.OrdinalIgnoreCase);
                break;
            case HostileExpectation.Accepted:
                Assert.True(answer.Status is >= 200 and < 300, $"expected a 2xx ({hostile.Why}), got {answer.Status}: {Shorten(answer.Body)}");
                if (hostile.ImportEndsIn is { } endsIn)
                {
                    var status = await host.ImportOutcomeAsync(answer.Location!);
                    output.WriteLine($"import ended {status}");
                    Assert.Contains(status, endsIn);
                }

                break;
        }
    }

    /// <summary>Runs last (see <see cref="HealthLast"/>); sends whatever a filter left out, so the totals always cover the whole corpus.</summary>
    [Fact]
    public async Task KeepsServingAfterTheWholeCorpus()
    {
        foreach (var hostile in HostileCorpus.All.Where(c => !host.Answers.ContainsKey(c.Name)))
        {
            await host.SendAsync(hostile);
        }

        using var anonymous = host.Anonymous();
        // Health gives storage 3 s to answer; on a loaded machine one probe can miss that without
        // anything being wrong, so the host must come back healthy, not answer healthy at once.
        var health = await Eventually.GetAsync(
            async () =>
            {
                using var probe = await anonymous.GetAsync("/api/health", Ct);
                return probe.StatusCode == HttpStatusCode.OK ? (HttpStatusCode?)probe.StatusCode : null;
            },
            TimeSpan.FromSeconds(30),
            "a healthy answer after the corpus");

        var serverErrors = host.Answers.Where(a => a.Value >= 500).Select(a => $"{a.Value} {a.Key}").Order(StringComparer.Ordinal).ToList();
        output.WriteLine($"hostile corpus: {HostileCorpus.All.Count} requests over {HostileCorpus.All.Select(Route).Distinct(StringComparer.Ordinal).Count()} routes; 5xx answers: {serverErrors.Count}");
        foreach (var group in host.Answers.GroupBy(a => a.Value).OrderBy(g => g.Key))
        {
            output.WriteLine($"  {group.Key}: {group.Count()}");
        }

        serverErrors.ForEach(output.WriteLine);
        foreach (var expectation in HostileCorpus.All.GroupBy(c => c.Expect).OrderBy(g => g.Key))
        {
            output.WriteLine($"  expected {expectation.Key}: {expectation.Count()}");
        }

        Assert.Equal(HostileCorpus.All.Count, host.Answers.Count);
        Assert.Empty(serverErrors);
        Assert.Equal(HttpStatusCode.OK, health);
    }

    [Fact]
    public void CoversEveryHttpRouteOfTheProduct()
    {
        var routes = new Functions.Hosting.FunctionCatalog().Http.Select(f => $"{f.HttpMethods.Single().ToUpperInvariant()} /{f.Route}").ToHashSet(StringComparer.Ordinal);

        var covered = HostileCorpus.All.Select(Route).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(routes.Except(covered));
        Assert.True(HostileCorpus.All.Count >= 200, $"the corpus holds {HostileCorpus.All.Count} requests");
        Assert.Equal(HostileCorpus.All.Count, HostileCorpus.All.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>"GET /api/trace/{code}": a case's name starts with its method and route template.</summary>
    private static string Route(HostileCase hostile)
    {
        var route = hostile.Name.Split(' ')[1];
        return $"{hostile.Method.Method} {System.Text.RegularExpressions.Regex.Replace(route, @"\?[^}]*$", string.Empty)}";
    }

    private static void AssertProblem(HostAnswer answer)
    {
        Assert.Equal("application/problem+json", answer.MediaType);
        using var problem = JsonDocument.Parse(answer.Body);
        Assert.Equal(JsonValueKind.String, problem.RootElement.GetProperty("type").ValueKind);
        Assert.Equal(JsonValueKind.String, problem.RootElement.GetProperty("title").ValueKind);
        Assert.Equal(answer.Status, problem.RootElement.GetProperty("status").GetInt32());
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : $"{text[..300]}… ({text.Length:N0} characters)";

    public sealed record HostAnswer(int Status, string? MediaType, string Body, Uri? Location);

    /// <summary>One DevHost for the corpus, a client per caller, and every answer's status for the totals.</summary>
    public sealed class Host : DevHostFixture
    {
        private readonly ConcurrentDictionary<string, Task<HttpClient>> clients = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, int> Answers { get; } = new(StringComparer.Ordinal);

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            using var provider = await ClientAsync("hostile-seed", "DataProvider");
            using var created = await provider.PostAsJsonAsync("/api/trace/codes", HostileCorpus.CodeBody, TestContext.Current.CancellationToken);
            created.EnsureSuccessStatusCode();
        }

        public async Task<HostAnswer> SendAsync(HostileCase hostile)
        {
            var client = await clients.GetOrAdd(hostile.Caller.Key, _ => ClientAsync(hostile.Caller));
            var uri = new Uri(BaseAddress + hostile.PathAndQuery.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            using var request = new HttpRequestMessage(hostile.Method, uri) { Content = hostile.Body?.Invoke() };
            using var response = await client.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Answers[hostile.Name] = (int)response.StatusCode;
            var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(BaseAddress, l)) : null;
            return new HostAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, location);
        }

        /// <summary>Waits for a bulk import to end; its status (completed or failed) says the background reader survived the file.</summary>
        public async Task<string> ImportOutcomeAsync(Uri location)
        {
            var client = await clients.GetOrAdd(HostileCaller.DataProvider.Key, _ => ClientAsync(HostileCaller.DataProvider));
            return await Eventually.GetAsync(
                async () =>
                {
                    var view = await client.GetFromJsonAsync<JsonElement>(location, Ct);
                    var status = view.GetProperty("status").GetString();
                    return status is "completed" or "failed" ? status : null;
                },
                TimeSpan.FromSeconds(60),
                $"the import at {location} to end");
        }

        private Task<HttpClient> ClientAsync(HostileCaller caller) => caller.Kind switch
        {
            "anonymous" => Task.FromResult(Anonymous()),
            "Bank" => ClientAsync(new LocalTokenRequest(["Bank"], "hostile-bank-user", null, HostileCorpus.BankId)),
            "Enterprise" => ClientAsync(new LocalTokenRequest(["Enterprise"], "hostile-enterprise", caller.Uscc, null)),
            _ => ClientAsync("hostile-" + caller.Kind.ToLowerInvariant(), caller.Kind),
        };

        public override async ValueTask DisposeAsync()
        {
            foreach (var client in clients.Values)
            {
                (await client).Dispose();
            }

            await base.DisposeAsync();
        }
    }

    /// <summary>The corpus first, then the check that the service still serves.</summary>
    public sealed class HealthLast : ITestCaseOrderer
    {
        public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
            where TTestCase : notnull, ITestCase
            => [.. testCases.OrderBy(t => t.TestMethodName == nameof(KeepsServingAfterTheWholeCorpus) ? 1 : 0).ThenBy(t => t.TestCaseDisplayName, StringComparer.Ordinal)];
    }
}
