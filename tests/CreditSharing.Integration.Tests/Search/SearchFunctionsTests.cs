using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Integration.Tests.Pages;

namespace CreditSharing.Integration.Tests.Search;

/// <summary><c>GET /api/public/search</c> through the DevHost against Azurite; each test names its enterprises with its own rare characters.</summary>
public sealed class SearchFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Three CJK characters no other test uses (a random pick from the unified block).</summary>
    private static string Tag() => string.Concat(Enumerable.Range(0, 3).Select(_ => (char)Random.Shared.Next(0x5000, 0x9000)));

    private async Task<JsonElement> SearchAsync(string q, int page = 1)
    {
        using var client = host.Anonymous();
        using var response = await client.GetAsync($"/api/public/search?q={Uri.EscapeDataString(q)}&page={page}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static IEnumerable<string?> Usccs(JsonElement answer) => answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uscc").GetString());

    [Fact]
    public async Task FindsAnEnterpriseByAFragmentOfItsNameWithCountyAndGrade()
    {
        var tag = Tag();
        var uscc = TestData.NewUscc("411721");
        await PageData.RegisterAsync(host, uscc, $"西平县{tag}粮油有限公司");
        await PageData.GradeAsync(host, uscc);

        // The letter is carried in the index rows, rewritten by the grader just after it stores the grade.
        var answer = await SearchAsync(tag[1..] + "粮");
        for (var tries = 0; tries < 50 && answer.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("grade").ValueKind != JsonValueKind.String); tries++)
        {
            await Task.Delay(100, Ct);
            answer = await SearchAsync(tag[1..] + "粮");
        }

        var item = Assert.Single(answer.GetProperty("items").EnumerateArray());
        Assert.Equal(uscc, item.GetProperty("uscc").GetString());
        Assert.Equal($"西平县{tag}粮油有限公司", item.GetProperty("name").GetString());
        Assert.Equal("411721", item.GetProperty("county").GetString());
        Assert.Equal("西平县", item.GetProperty("countyName").GetString());
        Assert.False(string.IsNullOrEmpty(item.GetProperty("grade").GetString()));
        Assert.False(answer.GetProperty("more").GetBoolean());
    }

    [Fact]
    public async Task FindsARenamedEnterpriseByItsFormerNameAndShowsTheFormerNameOnItsProfile()
    {
        var tag = Tag();
        var uscc = TestData.NewUscc();
        await PageData.RegisterAsync(host, uscc, $"驻马店{tag}商贸有限公司");
        await PageData.RegisterAsync(host, uscc, $"驻马店新名{Tag()}集团有限公司");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");

        var answer = await SearchAsync($"{tag}商贸");
        var profile = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}", Ct);
        var page = await host.Anonymous().GetFromJsonAsync<JsonElement>($"/api/public/enterprises/{uscc}", Ct);

        var item = Assert.Single(answer.GetProperty("items").EnumerateArray());
        Assert.Equal(uscc, item.GetProperty("uscc").GetString());
        Assert.StartsWith("驻马店新名", item.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal($"驻马店{tag}商贸有限公司", item.GetProperty("matchedName").GetString());
        Assert.Equal($"驻马店{tag}商贸有限公司", Assert.Single(profile.GetProperty("formerNames").EnumerateArray()).GetString());
        Assert.Equal($"驻马店{tag}商贸有限公司", Assert.Single(page.GetProperty("formerNames").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task FindsAnEnterpriseByUsccAndRoutesATraceCodeToItsScan()
    {
        var producer = TestData.NewUscc("411722");
        await PageData.RegisterAsync(host, producer, $"上蔡县{Tag()}面粉厂");
        var code = await PageData.TraceCodeAsync(host, producer);

        var byUscc = await SearchAsync(producer.ToLowerInvariant());
        var byCode = await SearchAsync(code);

        Assert.Equal([producer], Usccs(byUscc));
        Assert.Equal("enterprise", byUscc.GetProperty("route").GetProperty("kind").GetString());
        Assert.Empty(Usccs(byCode));
        Assert.Equal("trace", byCode.GetProperty("route").GetProperty("kind").GetString());
        Assert.Equal($"/t/{code}", byCode.GetProperty("route").GetProperty("link").GetString());
    }

    [Fact]
    public async Task PagesAtTwentyAndStaysBoundedWhenThirtyCompaniesShareCommonBigrams()
    {
        var tag = Tag();
        var usccs = Enumerable.Range(0, 30).Select(_ => TestData.NewUscc()).ToList();
        await Task.WhenAll(usccs.Select((u, i) => PageData.RegisterAsync(host, u, $"{tag}{(char)('甲' + i)}{(char)('乙' + i)}有限公司")));

        var first = await SearchAsync(tag);
        var second = await SearchAsync(tag, 2);
        var one = await SearchAsync($"{tag[2]}{(char)('甲' + 7)}{(char)('乙' + 7)}有限公司");

        Assert.Equal(20, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("more").GetBoolean());
        Assert.Equal(10, second.GetProperty("items").GetArrayLength());
        Assert.False(second.GetProperty("more").GetBoolean());
        Assert.Equal(usccs.Order(StringComparer.Ordinal), Usccs(first).Concat(Usccs(second)).Order(StringComparer.Ordinal));
        Assert.Equal([usccs[7]], Usccs(one));
        var rows = host.Table(CreditSharing.Storage.Infrastructure.TableNames.SearchGrams);
        var common = await rows.GetEntityAsync<Azure.Data.Tables.TableEntity>("公司", "g", cancellationToken: Ct);
        Assert.True(common.Value.GetBoolean("Common") == true || common.Value.GetInt32("Count") <= CreditSharing.Core.Search.SearchIndexRules.MaxPostings);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab\u0001c")]
    [InlineData("ab\u202Ecd")]
    [InlineData("ab\u200Bcd")]
    public async Task RefusesAHostileQueryWithAProblemNamingQ(string q)
    {
        using var client = host.Anonymous();

        using var response = await client.GetAsync($"/api/public/search?q={Uri.EscapeDataString(q)}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"q\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesAnOverlongQueryAndABadPage()
    {
        using var client = host.Anonymous();

        using var longQuery = await client.GetAsync($"/api/public/search?q={new string('粮', 65)}", Ct);
        using var badPage = await client.GetAsync("/api/public/search?q=粮油&page=0", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, longQuery.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Contains("\"page\"", await badPage.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
