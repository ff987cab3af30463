using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Auth;

/// <summary>
/// Calls every HTTP function as every kind of caller through the DevHost and checks each answer
/// against <see cref="AccessMatrix"/>. Route values name a real seeded enterprise; bodies are empty
/// JSON unless the access decision depends on the body (who the trace event is for, which enterprise
/// the bank asks about), so a function that validates before it authorises shows up as a wrong cell.
/// </summary>
public sealed partial class AccessMatrixTests(AccessMatrixFixture host, ITestOutputHelper output) : IClassFixture<AccessMatrixFixture>
{
    private const string MatrixFile = "tests/CreditSharing.Integration.Tests/Auth/AccessMatrix.cs";

    private static readonly IReadOnlyList<FunctionDescriptor> HttpFunctions = new FunctionCatalog().Http.ToList();

    private static readonly CallerKind[] Callers = Enum.GetValues<CallerKind>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, CallerKind> Cells()
    {
        var cells = new TheoryData<string, CallerKind>();
        foreach (var function in HttpFunctions)
        {
            foreach (var caller in Callers)
            {
                cells.Add(function.Name, caller);
            }
        }

        return cells;
    }

    [Fact]
    public void DeclaresEveryHttpFunctionAndNoOther()
    {
        var missing = HttpFunctions.Where(f => AccessMatrix.Find(f.Name) is null).Select(MissingRowMessage).ToList();
        var stale = AccessMatrix.Rows.Select(r => r.Function).Where(name => HttpFunctions.All(f => f.Name != name)).ToList();
        var duplicated = AccessMatrix.Rows.GroupBy(r => r.Function).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var requests = HttpFunctions.Sum(f => f.HttpMethods.Count) * Callers.Length;
        output.WriteLine($"Access matrix: {HttpFunctions.Count} HTTP functions × {Callers.Length} callers = {HttpFunctions.Count * Callers.Length} cells ({requests} requests)");
        output.WriteLine($"{"function",-28} {string.Join(" ", Callers.Select(c => $"{c,-18}"))}");
        foreach (var row in AccessMatrix.Rows)
        {
            output.WriteLine($"{row.Function,-28} {string.Join(" ", Callers.Select(c => $"{row.For(c),-18}"))}");
        }


        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
        Assert.True(stale.Count == 0, $"{MatrixFile} has rows for functions that no longer exist: {string.Join(", ", stale)}. Remove them.");
        Assert.True(duplicated.Count == 0, $"{MatrixFile} declares these functions more than once: {string.Join(", ", duplicated)}.");
    }

    [Fact]
    public void CallsAsEveryAppRole()
    {
        var exercised = AccessMatrix.RolesOf.Values.SelectMany(r => r).ToHashSet(StringComparer.Ordinal);

        var unexercised = AppRoles.All.Where(r => !exercised.Contains(r)).ToList();

        Assert.True(unexercised.Count == 0, $"AppRoles has roles no caller kind carries: {string.Join(", ", unexercised)}. Add a CallerKind and a column to {MatrixFile}.");
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public Task AnswersEachCallerAsTheTableDeclares(string functionName, CallerKind caller) => AssertCellAsync(host, functionName, caller);

    /// <summary>Calls <paramref name="functionName"/> as <paramref name="caller"/> on <paramref name="host"/> and checks the answer against the table (also the Entra-mode matrix).</summary>
    internal static async Task AssertCellAsync(AccessMatrixFixture host, string functionName, CallerKind caller)
    {
        var function = HttpFunctions.Single(f => f.Name == functionName);
        var row = AccessMatrix.Find(functionName);
        Assert.True(row is not null, MissingRowMessage(function));
        var expected = row.For(caller);
        using var client = host.Anonymous();

        foreach (var method in function.HttpMethods)
        {
            var path = PathFor(host, function);
            using var request = host.Request(caller, new HttpMethod(method), path, BodyFor(host, function, method));

            using var response = await client.SendAsync(request, Ct);

            var cell = $"{method} {path} ({functionName}) as {caller}: {MatrixFile} says {expected}, the product answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}";
            switch (expected)
            {
                case Access.Allowed:
                    Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)response.StatusCode < 500, cell);
                    break;
                case Access.Unauthorized:
                    Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, cell);
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    Assert.Equal("Bearer", response.Headers.WwwAuthenticate.FirstOrDefault()?.Scheme);
                    break;
                case Access.Forbidden:
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, cell);
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(caller), expected, "Unknown expectation.");
            }
        }
    }

    private static string MissingRowMessage(FunctionDescriptor function)
        => $"HTTP function {function.Name} ({string.Join("|", function.HttpMethods)} /{function.Route}) has no row in {MatrixFile}. "
           + $"Declare who may call it by adding to AccessMatrix.Rows: new(\"{function.Name}\", anon, reg, dp, own, othr, bank, nobank), "
           + "each A (allowed: any answer but 401/403), U (401) or F (403); a public page is all A.";

    /// <summary>The function's route with every parameter filled from the seeded data; unknown ones get a harmless probe value.</summary>
    private static string PathFor(AccessMatrixFixture host, FunctionDescriptor function)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["uscc"] = host.Subject,
            ["bankId"] = AccessMatrixFixture.RevocableBank,
            ["code"] = function.Name switch { "RecallTraceCode" => host.RecallCode, "AnnulTraceEvent" => host.AnnulCode, _ => host.EventsCode },
            ["seq"] = "1",
            ["importId"] = host.ImportId,
            ["file"] = "penalty.csv",
            ["listType"] = "red",
            ["entryId"] = Guid.NewGuid().ToString("N"),
            ["recordId"] = "matrix-provider~NO-SUCH-RECORD",
            ["planId"] = Guid.NewGuid().ToString("N"),
            ["jobId"] = Guid.NewGuid().ToString("N"),
            ["objectionId"] = host.ObjectionId,
            ["providerId"] = AccessMatrixFixture.DataProviderId,
            ["commitmentId"] = host.Subject + "-" + new string('0', 24),
        };
        var path = "/" + RouteParameter().Replace(function.Route!, m => Uri.EscapeDataString(values.GetValueOrDefault(m.Groups["name"].Value, "matrix-probe")));
        return function.Name switch
        {
            "GetListEntries" => $"{path}?uscc={host.Subject}",
            "ListRepairApplications" => $"{path}?uscc={host.Subject}",
            "ListCommitments" => $"{path}?uscc={host.Subject}",
            _ => path,
        };
    }

    /// <summary>A body where the access decision reads it; otherwise empty JSON for methods that carry one.</summary>
    private static HttpContent? BodyFor(AccessMatrixFixture host, FunctionDescriptor function, string method)
    {
        var now = DateTimeOffset.UtcNow;
        var sourceId = "MATRIX-" + Guid.NewGuid().ToString("N")[..12];
        return function.Name switch
        {
            "CheckLoanEligibility" => JsonContent.Create(new { uscc = host.Subject, product = "standard" }),
            "CheckLoanEligibilityBatch" => JsonContent.Create(new { product = "standard", usccs = new[] { host.Subject } }),
            "ReportLoanOutcome" => JsonContent.Create(new { uscc = host.Subject, product = "standard", amount = 100_000m, status = "granted", on = now.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), loanRef = sourceId }),
            "FileObjection" => JsonContent.Create(new { uscc = host.Subject, target = new { kind = "record", id = "matrix-dataprovider~NO-SUCH-RECORD" }, reason = "访问矩阵异议" }),
            "FileCommitment" => JsonContent.Create(new { uscc = host.Subject, kind = "主动承诺", text = "访问矩阵：依法诚信经营" }),
            "FindByLegalRepresentative" => JsonContent.Create(new { idNumber = TestData.IdNumber() }),
            "SubmitRepairApplication" => JsonContent.Create(new
            {
                uscc = host.Subject,
                target = new { kind = "record", id = "matrix-dataprovider~NO-SUCH-RECORD" },
                commitment = new { text = "访问矩阵信用承诺", signedOn = AccessMatrixFixture.Day(AccessMatrixFixture.Today.AddDays(-1)) },
                obligationsFulfilled = true,
                evidence = new[] { new string('a', 32) },
            }),
            "CreateTraceCode" => JsonContent.Create(new { category = "wheat", productName = "访问矩阵小麦", producerUscc = host.Subject, storage = "ambient" }),
            "AddTraceEvent" => JsonContent.Create(new { step = "store", actorUscc = host.Subject, occurredAt = now.AddMinutes(-5).ToString("O"), location = "驿城区冷库", temperatureC = 2.0m, sourceId }),
            "SubmitTraceEvents" => JsonContent.Create(new[] { new { step = "retail", actorUscc = host.Subject, occurredAt = now.AddMinutes(-1).ToString("O"), location = "驿城区超市", codes = new[] { host.EventsCode }, sourceId } }),
            "AnnulTraceEvent" => JsonContent.Create(new { reason = "访问矩阵：录入有误" }),
            "GrantConsent" => JsonContent.Create(new { bankId = "bank-matrix-extra", purpose = "经营贷", expiresOn = AccessMatrixFixture.Day(AccessMatrixFixture.Today.AddMonths(3)) }),
            "CreateImportUpload" => JsonContent.Create(new { fileName = "matrix.csv", contentType = "text/csv", length = 1024 }),
            "StartImport" => new StringContent($"sourceId,uscc,category,title,decisionDate,authority,disclosure\n{sourceId},{host.Subject},honour,诚信商户,{AccessMatrixFixture.Day(AccessMatrixFixture.Today.AddMonths(-1))},驻马店市商务局,public\n", Encoding.UTF8, "text/csv"),
            _ when method is "POST" or "PUT" or "PATCH" => new StringContent("{}", Encoding.UTF8, "application/json"),
            _ => null,
        };
    }

    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z]+)(:[^}]*)?\??\}")]
    private static partial Regex RouteParameter();
}
