using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Auth;

/// <summary>
/// One DevHost for the whole matrix, seeded once: a subject enterprise with consents for two banks,
/// another enterprise, two trace codes of the subject, and an import by the matrix's provider. Each
/// caller kind gets its token once; requests carry it per message so one client serves them all.
/// </summary>
public class AccessMatrixFixture : DevHostFixture
{
    public const string ConsentedBank = "bank-matrix-consented";
    public const string UnconsentedBank = "bank-matrix-unconsented";

    /// <summary>Revoked by the matrix's own-enterprise cell, so the consented bank's consent survives every order of cells.</summary>
    public const string RevocableBank = "bank-matrix-revocable";

    /// <summary>The provider id of the matrix's DataProvider caller (registered with every right by the base fixture).</summary>
    public const string DataProviderId = "matrix-dataprovider";

    private readonly Dictionary<CallerKind, AuthenticationHeaderValue?> tokens = [];

    /// <summary>The enterprise every route names.</summary>
    public string Subject { get; } = TestData.NewUscc();

    public string OtherEnterprise { get; } = TestData.NewUscc("411721");

    /// <summary>A code of the subject's product that events are added to and scans read.</summary>
    public string EventsCode { get; private set; } = string.Empty;

    /// <summary>A second code, so a regulator's recall cannot change what the event cells see.</summary>
    public string RecallCode { get; private set; } = string.Empty;

    /// <summary>A third code whose event 1 the subject recorded: the annulment cells name it.</summary>
    public string AnnulCode { get; private set; } = string.Empty;

    /// <summary>An import uploaded by the matrix's DataProvider.</summary>
    public string ImportId { get; private set; } = string.Empty;

    /// <summary>An open objection of the subject on the imported record of the matrix's DataProvider (its target's provider).</summary>
    public string ObjectionId { get; private set; } = string.Empty;

    public static DateOnly Today => CityClock.Today(TimeProvider.System);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var ct = TestContext.Current.CancellationToken;
        foreach (var caller in Enum.GetValues<CallerKind>())
        {
            tokens[caller] = caller == CallerKind.Anonymous ? null : await TokenAsync(RequestFor(caller));
        }

        using var client = Anonymous();
        foreach (var (uscc, name) in new[] { (Subject, "驿城区访问矩阵测试商行"), (OtherEnterprise, "西平县访问矩阵测试商行") })
        {
            using var put = Request(CallerKind.DataProvider, HttpMethod.Put, $"/api/enterprises/{uscc}", JsonContent.Create(new { name }));
            (await client.SendAsync(put, ct)).EnsureSuccessStatusCode();
        }

        foreach (var bankId in new[] { ConsentedBank, RevocableBank })
        {
            using var grant = Request(CallerKind.EnterpriseOwn, HttpMethod.Post, $"/api/enterprises/{Subject}/authorizations", JsonContent.Create(new { bankId, purpose = "流动资金贷款", expiresOn = Day(Today.AddMonths(6)) }));
            (await client.SendAsync(grant, ct)).EnsureSuccessStatusCode();
        }

        EventsCode = await CreateCodeAsync(client, ct);
        RecallCode = await CreateCodeAsync(client, ct);
        AnnulCode = await CreateCodeAsync(client, ct);
        using var produce = Request(CallerKind.EnterpriseOwn, HttpMethod.Post, $"/api/trace/codes/{AnnulCode}/events", JsonContent.Create(new { step = "produce", actorUscc = Subject, occurredAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture), location = "驿城区", sourceId = "MATRIX-ANNUL-1" }));
        (await client.SendAsync(produce, ct)).EnsureSuccessStatusCode();

        var csv = $"sourceId,uscc,category,title,decisionDate,authority,disclosure\nMATRIX-1,{Subject},honour,诚信商户,{Day(Today.AddMonths(-1))},驻马店市商务局,public\n";
        using var upload = Request(CallerKind.DataProvider, HttpMethod.Post, "/api/imports", new StringContent(csv, Encoding.UTF8, "text/csv"));
        using var receipt = await client.SendAsync(upload, ct);
        receipt.EnsureSuccessStatusCode();
        ImportId = (await receipt.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("importId").GetString()!;

        // The import stores its record in the background: file once it is there (404 before).
        ObjectionId = await Eventually.GetAsync(
            async () =>
            {
                using var file = Request(CallerKind.EnterpriseOwn, HttpMethod.Post, "/api/objections", JsonContent.Create(new { uscc = Subject, target = new { kind = "record", id = "matrix-dataprovider~MATRIX-1" }, reason = "访问矩阵：该记录有误" }));
                using var filed = await client.SendAsync(file, ct);
                return filed.IsSuccessStatusCode ? (await filed.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("objectionId").GetString() : null;
            },
            what: "the matrix's objection on its imported record");
    }

    /// <summary>A request as <paramref name="caller"/>: its bearer token, or none for the anonymous caller.</summary>
    public HttpRequestMessage Request(CallerKind caller, HttpMethod method, string path, HttpContent? content = null)
        => new(method, path) { Content = content, Headers = { Authorization = tokens[caller] } };

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private LocalTokenRequest RequestFor(CallerKind caller)
    {
        var roles = AccessMatrix.RolesOf[caller];
        return caller switch
        {
            CallerKind.EnterpriseOwn => new LocalTokenRequest(roles, "matrix-enterprise-own", Subject, null),
            CallerKind.EnterpriseOther => new LocalTokenRequest(roles, "matrix-enterprise-other", OtherEnterprise, null),
            CallerKind.BankWithConsent => new LocalTokenRequest(roles, "matrix-officer-consented", null, ConsentedBank),
            CallerKind.BankWithoutConsent => new LocalTokenRequest(roles, "matrix-officer-unconsented", null, UnconsentedBank),
            _ => new LocalTokenRequest(roles, "matrix-" + caller.ToString().ToLowerInvariant(), null, null),
        };
    }

    private async Task<AuthenticationHeaderValue> TokenAsync(LocalTokenRequest request)
    {
        using var client = await ClientAsync(request);
        return client.DefaultRequestHeaders.Authorization!;
    }

    private async Task<string> CreateCodeAsync(HttpClient client, CancellationToken ct)
    {
        using var create = Request(CallerKind.EnterpriseOwn, HttpMethod.Post, "/api/trace/codes", JsonContent.Create(new { category = "pork", productName = "访问矩阵冷鲜猪肉", producerUscc = Subject, storage = "chilled" }));
        using var created = await client.SendAsync(create, ct);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString()!;
    }
}
