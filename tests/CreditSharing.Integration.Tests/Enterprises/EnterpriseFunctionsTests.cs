using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Enterprises;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Enterprises;

public sealed class EnterpriseFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreatesThenUpdatesAProfile()
    {
        var uscc = TestData.NewUscc();
        using var client = await host.ClientAsync("provider-tax", "DataProvider");

        using var created = await client.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驻马店市天中商贸有限公司", industry = "批发和零售业" }, Ct);
        using var updated = await client.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驻马店市天中商贸集团有限公司", industry = "批发和零售业" }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/enterprises/{uscc}", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var body = await updated.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("驻马店市天中商贸集团有限公司", body.GetProperty("name").GetString());
        Assert.Equal("411702", body.GetProperty("county").GetString());
        Assert.Equal("驿城区", body.GetProperty("countyName").GetString());
    }

    [Fact]
    public async Task ReadsAProfileWithTheIdNumberMasked()
    {
        var uscc = TestData.NewUscc("411725");
        var idNumber = TestData.IdNumber();
        using var provider = await host.ClientAsync("provider-tax", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new
        {
            name = "确山县竹沟农产品专业合作社",
            legalRepresentative = new { name = "王五", idNumber },
            registeredOn = "2018-03-09",
        }, Ct)).EnsureSuccessStatusCode();

        var json = await regulator.GetStringAsync($"/api/enterprises/{uscc.ToLowerInvariant()}", Ct);

        var body = JsonDocument.Parse(json).RootElement;
        Assert.Equal(uscc, body.GetProperty("uscc").GetString());
        Assert.Equal("确山县竹沟农产品专业合作社", body.GetProperty("name").GetString());
        Assert.Equal(idNumber[..6] + "********" + idNumber[^4..], body.GetProperty("legalRepresentative").GetProperty("idNumber").GetString());
        Assert.DoesNotContain(idNumber, json, StringComparison.Ordinal);
        Assert.Contains("确山县竹沟农产品专业合作社", json, StringComparison.Ordinal);
        Assert.Equal("2018-03-09", body.GetProperty("registeredOn").GetString());
        Assert.Equal("411725", body.GetProperty("county").GetString());
    }

    [Fact]
    public async Task ReturnsNotFoundProblemForAnUnknownEnterprise()
    {
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");

        using var response = await regulator.GetAsync($"/api/enterprises/{TestData.NewUscc()}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task RejectsInvalidFieldsNamingEachOne()
    {
        using var client = await host.ClientAsync("provider-tax", "DataProvider");
        var badId = TestData.IdNumber()[..17] + (TestData.IdNumber()[17] == '0' ? "1" : "0");

        using var response = await client.PutAsJsonAsync($"/api/enterprises/{TestData.NewUscc()}", new
        {
            name = new string('名', 201),
            legalRepresentative = new { name = "赵六", idNumber = badId },
            county = "411799",
            registeredOn = "2026-02-30",
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(
            ["county", "legalRepresentative.idNumber", "name", "registeredOn"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RejectsAUsccWithAWrongCheckCharacter()
    {
        using var client = await host.ClientAsync("provider-tax", "DataProvider");

        using var response = await client.PutAsJsonAsync("/api/enterprises/914403001922038217", new { name = "某公司" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("uscc", out _));
    }

    [Theory]
    [InlineData("00ABCDEF000000000R", "Character 1 ('0') is not a registration-authority code")]
    [InlineData("94411702MA6ULN0X2J", "Character 2 ('4') is not an entity-type code of registration authority '9'")]
    [InlineData("91A11702MA6ULN0X24", "Characters 3–8 are the division code and are digits")]
    [InlineData("91411702MA6ULN0X3Y", "Characters 9–17 are not an organisation code")]
    public async Task RejectsAUsccFailingAStructuralRuleNamingTheRule(string uscc, string rule)
    {
        using var client = await host.ClientAsync("provider-tax", "DataProvider");

        using var response = await client.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "某公司" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        var message = Assert.Single(errors.GetProperty("uscc").EnumerateArray()).GetString();
        Assert.StartsWith(rule, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectsMalformedJsonAndWrongTypes()
    {
        using var client = await host.ClientAsync("provider-tax", "DataProvider");
        var uri = $"/api/enterprises/{TestData.NewUscc()}";

        using var malformed = await client.PutAsync(uri, new StringContent("{\"name\": \"未闭合", Encoding.UTF8, "application/json"), Ct);
        using var wrongType = await client.PutAsync(uri, new StringContent("{\"name\": 42}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True((await malformed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.True((await wrongType.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task RejectsAWrongContentTypeWith415()
    {
        using var client = await host.ClientAsync("provider-tax", "DataProvider");

        using var response = await client.PutAsync($"/api/enterprises/{TestData.NewUscc()}", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RejectsAnOversizeBodyWith413AndWritesNothing()
    {
        using var client = await host.ClientAsync("provider-tax", "DataProvider");
        var uscc = TestData.NewUscc();
        var huge = JsonSerializer.Serialize(new { name = "大", industry = new string('x', 2 * 1024 * 1024) });

        using var response = await client.PutAsync($"/api/enterprises/{uscc}", new StringContent(huge, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var stored = await host.Table(TableNames.Enterprises).GetEntityIfExistsAsync<EnterpriseEntity>(uscc, EnterpriseEntity.ProfileRowKey, cancellationToken: Ct);
        Assert.False(stored.HasValue);
    }

    [Fact]
    public async Task RefusesAProviderReadingProfiles()
    {
        using var provider = await host.ClientAsync("provider-tax", "DataProvider");

        using var response = await provider.GetAsync($"/api/enterprises/{TestData.NewUscc()}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task StoresAMaximalBatchOfLongProfilesPackedByBytesWithoutAServerError()
    {
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        var usccs = Enumerable.Range(0, 1_000).Select(_ => TestData.NewUscc("411729")).ToList();

        // Every text at its limit: about 1.5 KB a profile, so 50 to a message overflowed the queue's 64 KiB (500).
        var batch = usccs.Select(u => new
        {
            uscc = u,
            name = new string('驻', 196) + u[^4..],
            legalRepresentative = new { name = new string('张', 100), idNumber = TestData.IdNumber() },
            industry = new string('业', 100),
        }).ToList();

        using var response = await provider.PostAsJsonAsync("/api/enterprises", batch, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1_000, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accepted").GetInt32());
        var table = host.Table(TableNames.Enterprises);
        await Eventually.HoldsAsync(
            async () => (await Task.WhenAll(usccs.Select(async u => (await table.GetEntityIfExistsAsync<EnterpriseEntity>(u, EnterpriseEntity.ProfileRowKey, cancellationToken: Ct)).HasValue))).All(x => x),
            // 18 s alone; past 2 min once on a CI machine that was also building five branches.
            TimeSpan.FromMinutes(5),
            "all 1,000 queued profiles to be stored");
        Assert.Equal(0, (await host.Queue(QueueNames.Poison(QueueNames.EnterpriseRegistrations)).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task QueuesABatchAndStoresTheValidProfiles()
    {
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var valid = Enumerable.Range(0, 120).Select(i => TestData.NewUscc("411728")).ToList();
        var batch = valid.Select(u => (object)new { uscc = u, name = $"遂平县商户{u[^4..]}" })
            .Append(new { uscc = "91411728MAWWLR9R0X", name = "坏校验码" })
            .Append(new { uscc = TestData.NewUscc(), name = "" })
            .ToList();

        using var response = await provider.PostAsJsonAsync("/api/enterprises", batch, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(120, receipt.GetProperty("accepted").GetInt32());
        var rejected = receipt.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([120, 121], rejected.Select(r => r.GetProperty("index").GetInt32()));
        Assert.True(rejected[0].GetProperty("errors").TryGetProperty("uscc", out _));
        Assert.True(rejected[1].GetProperty("errors").TryGetProperty("name", out _));

        var table = host.Table(TableNames.Enterprises);
        await Eventually.HoldsAsync(
            async () => await Task.WhenAll(valid.Select(async u => (await table.GetEntityIfExistsAsync<EnterpriseEntity>(u, EnterpriseEntity.ProfileRowKey, cancellationToken: Ct)).HasValue))
                .ContinueWith(t => t.Result.All(x => x), TaskScheduler.Default),
            what: "all 120 queued profiles to be stored");
        var one = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{valid[7]}", Ct);
        Assert.Equal($"遂平县商户{valid[7][^4..]}", one.GetProperty("name").GetString());
        Assert.Equal("411728", one.GetProperty("county").GetString());
    }

    [Fact]
    public async Task RefusesABatchWithNothingAcceptedWith422ListingEachItemAndStoresNothing()
    {
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        var unnamed = TestData.NewUscc("411728");
        var batch = new object[] { new { uscc = "91411728MAWWLR9R0X", name = "坏校验码" }, new { uscc = unnamed, name = "" } };

        using var response = await provider.PostAsJsonAsync("/api/enterprises", batch, Ct);

        var rejected = await Refusals.AssertRefusedAsync(response);
        Assert.Equal([0, 1], rejected.Keys.Order());
        Assert.Contains("uscc", rejected[0]);
        Assert.Contains("name", rejected[1]);
        await Eventually.HoldsAsync(async () => (await host.Queue(QueueNames.EnterpriseRegistrations).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0, what: "the registrations queue to be empty");
        var stored = await host.Table(TableNames.Enterprises).GetEntityIfExistsAsync<EnterpriseEntity>(unnamed, EnterpriseEntity.ProfileRowKey, cancellationToken: Ct);
        Assert.False(stored.HasValue);
    }

    [Fact]
    public async Task RejectsABatchOfMoreThanAThousandProfiles()
    {
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        var batch = Enumerable.Range(0, 1001).Select(_ => new { uscc = "91411702MA6ULN0X2U", name = "x" });

        using var response = await provider.PostAsJsonAsync("/api/enterprises", batch, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task RejectsABatchThatIsNotAnArray()
    {
        using var provider = await host.ClientAsync("provider-market", "DataProvider");

        using var response = await provider.PostAsJsonAsync("/api/enterprises", new { uscc = TestData.NewUscc(), name = "x" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
