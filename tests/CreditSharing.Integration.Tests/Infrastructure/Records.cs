using System.Net.Http.Json;
using System.Text.Json;

namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>Record bodies as departments send them, and reads of what was stored.</summary>
public static class Records
{
    public static Dictionary<string, object?> Penalty(string uscc, string sourceId, string decisionDate = "2026-05-01", string severity = "general", string disclosure = "public") => new()
    {
        ["sourceId"] = sourceId,
        ["uscc"] = uscc,
        ["category"] = "penalty",
        ["title"] = "销售过期食品",
        ["content"] = "经查，当事人销售超过保质期的食品，违反《中华人民共和国食品安全法》第三十四条。",
        ["decisionDate"] = decisionDate,
        // A document number of its own: records sharing (category, authority, documentNo) are one decision (docs/records.md).
        ["documentNo"] = $"驻市监罚〔2026〕{sourceId}号",
        ["authority"] = "驻马店市市场监督管理局",
        ["authorityUscc"] = CreditSharing.Core.Shared.Uscc.Compose('1', '1', "411700", "MB199790").Value,
        ["legalBasis"] = "《中华人民共和国食品安全法》第一百二十四条",
        ["severity"] = severity,
        ["amount"] = 5000.00m,
        ["disclosure"] = disclosure,
    };

    public static Dictionary<string, object?> TaxRating(string uscc, string sourceId, string rating = "A", string decisionDate = "2026-04-15") => new()
    {
        ["sourceId"] = sourceId,
        ["uscc"] = uscc,
        ["category"] = "tax-rating",
        ["title"] = "2025年度纳税信用评价",
        ["decisionDate"] = decisionDate,
        ["authority"] = "国家税务总局驻马店市税务局",
        ["rating"] = rating,
        ["disclosure"] = "public",
    };

    /// <summary>
    /// A repair body (records and list entries) meeting the 2026 rules: a credit commitment signed
    /// yesterday (the city's), obligations fulfilled, evidence.
    /// </summary>
    public static Dictionary<string, object?> Repair(string reason, string documentNo, string commitment = "本企业承诺依法诚信经营") => new()
    {
        ["reason"] = reason,
        ["documentNo"] = documentNo,
        ["commitment"] = new Dictionary<string, object?>
        {
            ["text"] = commitment,
            ["signedOn"] = CreditSharing.Core.Shared.CityClock.Today(TimeProvider.System).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        },
        ["obligationsFulfilled"] = true,
        ["evidence"] = new[] { "罚款缴纳凭证", "整改报告" },
    };

    /// <summary>Every record of an enterprise, all pages, as the regulator reads them.</summary>
    public static async Task<List<JsonElement>> AllAsync(HttpClient client, string uscc, string query = "")
    {
        var items = new List<JsonElement>();
        string? token = null;
        do
        {
            var url = $"/api/enterprises/{uscc}/records?pageSize=500{query}" + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await client.GetFromJsonAsync<JsonElement>(url, TestContext.Current.CancellationToken);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        return items;
    }

    public static async Task<List<JsonElement>> WaitForAsync(HttpClient client, string uscc, int count)
        => await Eventually.GetAsync(
            async () => { var all = await AllAsync(client, uscc); return all.Count >= count ? all : null; },
            what: $"{count} records of {uscc}");
}
