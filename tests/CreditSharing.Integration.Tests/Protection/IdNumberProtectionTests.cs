using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using CreditSharing.Core.Protection;
using CreditSharing.Core.Shared;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CreditSharing.Integration.Tests.Protection;

/// <summary>
/// ID numbers are envelope-encrypted in every table; answers stay masked, the representative
/// search still finds them, and a rotation of the identity-hash key re-hashes the index.
/// </summary>
public sealed class IdNumberProtectionTests(IdNumberProtectionTests.KeyedFixture host) : IClassFixture<IdNumberProtectionTests.KeyedFixture>
{
    private const string FirstHashKey = "first-identity-hash-key-of-at-least-32-characters";
    private const string SecondHashKey = "second-identity-hash-key-of-at-least-32-characters";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => CityClock.Today(TimeProvider.System);

    [Fact]
    public async Task StoresNoIdNumberInClearWhileAnswersStayMaskedAndTheSearchFindsIt()
    {
        var idNumber = TestData.IdNumber("19710707");
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-court", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");

        await RegisterAsync(provider, uscc, idNumber);
        await ListAsync(provider, uscc, "P-1");

        var row = await RawAsync(TableNames.Enterprises, uscc);
        var stored = row.GetString("RepresentativeIdNumber");
        Assert.StartsWith(EnvelopeProtector.Prefix, stored, StringComparison.Ordinal);
        await AssertNoTableHoldsAsync(idNumber);
        var profile = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}", Ct);
        Assert.Equal(Masked(idNumber), profile.GetProperty("legalRepresentative").GetProperty("idNumber").GetString());
        Assert.Equal([uscc], await SearchAsync(regulator, idNumber));
    }

    [Fact]
    public async Task ReadsARowStoredInClearBeforeAndEncryptsItOnTheNextWrite()
    {
        var idNumber = TestData.IdNumber("19720808");
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-court", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        await RegisterAsync(provider, uscc, idNumber);
        var table = host.Table(TableNames.Enterprises);
        var row = await RawAsync(TableNames.Enterprises, uscc);
        row["RepresentativeIdNumber"] = idNumber;
        row["ContentHash"] = CanonicalJson.Sha256(new Core.Enterprises.EnterpriseProfile(uscc, "企业" + uscc[^4..], new Core.Enterprises.LegalRepresentative("郑十", idNumber), null, null, null, null));
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, Ct);

        var profile = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}", Ct);
        Assert.Equal(Masked(idNumber), profile.GetProperty("legalRepresentative").GetProperty("idNumber").GetString());

        await RegisterAsync(provider, uscc, idNumber, HttpStatusCode.OK);

        var rewritten = await RawAsync(TableNames.Enterprises, uscc);
        Assert.StartsWith(EnvelopeProtector.Prefix, rewritten.GetString("RepresentativeIdNumber"), StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber, JsonSerializer.Serialize(rewritten), StringComparison.Ordinal);
        Assert.NotEqual(row.GetString("ContentHash"), rewritten.GetString("ContentHash"));
    }

    [Fact]
    public async Task TheDailyReKeyEncryptsRowsStoredInClear()
    {
        var idNumber = TestData.IdNumber("19730909");
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-court", "DataProvider");
        await RegisterAsync(provider, uscc, idNumber);
        var table = host.Table(TableNames.Enterprises);
        var row = await RawAsync(TableNames.Enterprises, uscc);
        row["RepresentativeIdNumber"] = idNumber;
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, Ct);

        var report = await host.Host.Services.GetRequiredService<IdentityRekeying>().RunAsync(Ct);

        Assert.True(report.Reprotected[TableNames.Enterprises] >= 1);
        await AssertNoTableHoldsAsync(idNumber);
    }

    [Fact]
    public async Task ARotationOfTheHashKeySearchesUnderBothKeysAndTheReHashMovesTheIndex()
    {
        var idNumber = TestData.IdNumber("19740404");
        var uscc = TestData.NewUscc();
        using (var provider = await host.ClientAsync("provider-court", "DataProvider"))
        {
            await RegisterAsync(provider, uscc, idNumber);
            await ListAsync(provider, uscc, "R-1");
        }

        Assert.True(await PartitionExistsAsync(Hmac(FirstHashKey, idNumber)));

        // The rotation: a new key, the old one kept as the previous key.
        host.Overrides["Lists:IdentityHashKey"] = SecondHashKey;
        host.Overrides["Lists:PreviousIdentityHashKey"] = FirstHashKey;
        await host.RestartAsync();
        using (var regulator = await host.ClientAsync("regulator-1", "Regulator"))
        {
            Assert.Equal([uscc], await SearchAsync(regulator, idNumber));
        }

        var report = await host.Host.Services.GetRequiredService<IdentityRekeying>().RunAsync(Ct);

        Assert.True(report.Rehash.Moved >= 1);
        Assert.Equal(0, report.Rehash.Unresolved);
        Assert.False(await PartitionExistsAsync(Hmac(FirstHashKey, idNumber)));
        Assert.True(await PartitionExistsAsync(Hmac(SecondHashKey, idNumber)));

        // The previous key dropped: the index answers under the new key alone.
        host.Overrides.Remove("Lists:PreviousIdentityHashKey");
        await host.RestartAsync();
        using (var regulator = await host.ClientAsync("regulator-1", "Regulator"))
        {
            Assert.Equal([uscc], await SearchAsync(regulator, idNumber));
        }

        await AssertNoTableHoldsAsync(idNumber);
    }

    private static string Masked(string idNumber) => idNumber[..6] + "********" + idNumber[^4..];

    private static string Hmac(string key, string idNumber)
        => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(idNumber)));

    private static async Task RegisterAsync(HttpClient provider, string uscc, string idNumber, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "企业" + uscc[^4..], legalRepresentative = new { name = "郑十", idNumber } }, Ct);
        Assert.Equal(expected, response.StatusCode);
    }

    private static async Task ListAsync(HttpClient provider, string uscc, string sourceId)
    {
        var decided = Today.AddDays(-2);
        using var response = await provider.PostAsJsonAsync("/api/lists/entries", new Dictionary<string, object?>
        {
            ["listType"] = "black",
            ["uscc"] = uscc,
            ["reason"] = "拒不履行法院判决",
            ["authority"] = "驻马店市发展和改革委员会",
            ["documentNo"] = "驻发改信〔2026〕7号",
            ["decidedOn"] = decided.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["expiresOn"] = decided.AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["legalRepresentativeIncluded"] = true,
            ["sourceId"] = sourceId,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<string[]> SearchAsync(HttpClient regulator, string idNumber)
    {
        using var found = await regulator.PostAsJsonAsync("/api/lists/legal-representatives/search", new { idNumber }, Ct);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var matches = await found.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.All(matches.EnumerateArray(), m => Assert.Equal(Masked(idNumber), m.GetProperty("idNumberMasked").GetString()));
        return [.. matches.EnumerateArray().Select(m => m.GetProperty("uscc").GetString()!)];
    }

    private async Task<TableEntity> RawAsync(string table, string uscc)
        => (await host.Table(table).GetEntityAsync<TableEntity>(uscc, "profile", cancellationToken: Ct)).Value;

    private async Task<bool> PartitionExistsAsync(string partitionKey)
    {
        await foreach (var _ in host.Table(TableNames.Representatives).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), cancellationToken: Ct))
        {
            return true;
        }

        return false;
    }

    /// <summary>Every table of this host: no row holds the number in clear (masked forms are fine).</summary>
    private async Task AssertNoTableHoldsAsync(string idNumber)
    {
        foreach (var logical in new[] { TableNames.Enterprises, TableNames.Representatives, TableNames.ListEntries, TableNames.PublicLists, TableNames.Audit })
        {
            await foreach (var row in host.Table(logical).QueryAsync<TableEntity>(cancellationToken: Ct))
            {
                Assert.DoesNotContain(idNumber, JsonSerializer.Serialize(row), StringComparison.Ordinal);
            }
        }
    }

    /// <summary>A DevHost whose identity-hash keys a test can change before a restart (a rotation).</summary>
    public sealed class KeyedFixture : DevHostFixture
    {
        public Dictionary<string, string?> Overrides { get; } = new() { ["Lists:IdentityHashKey"] = FirstHashKey };

        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            foreach (var (key, value) in Overrides)
            {
                settings[key] = value;
            }

            return settings;
        }
    }
}
