using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using CreditSharing.Core.Search;
using CreditSharing.Core.Shared;
using CreditSharing.DevHost;
using CreditSharing.Storage.Grading;
using CreditSharing.Storage.Infrastructure;
using CreditSharing.Storage.Search;

namespace CreditSharing.Bench;

/// <summary>
/// Issue 24's name search: 10,000 enterprises with realistic names (county, 字号, trade,
/// company form), their gram rows written whole through <see cref="SearchIndexTableStore.WriteAsync"/>
/// (the rows <see cref="SearchIndexRules.With"/> builds, cap included) and a current grade each;
/// then GET /api/public/search with random 2–4 character fragments of the real names at 16 clients,
/// next to raw <c>GetEntityAsync</c> point reads of the gram rows in the same run.
/// </summary>
public static class SearchBenchmark
{
    /// <summary>Characters of 字号 (trade names): a name's 字号 is two or three of them, or one of the <see cref="Words"/>.</summary>
    private const string BrandCharacters =
        "天中宏达金源华兴鑫盛恒泰瑞丰福润豫南原嵖岈汝河世永安康佳和万隆新星裕顺通东方正大聚旺泽昌远航博雅德信诚百川春晖鸿运青松绿穗银锦绣富民利广嘉禾伟业美长城"
        + "豪鼎晟鹏翔龙凤麒麟祥云海峰山水秀林森亿兆千乾坤宇辰星月阳光明辉耀卓越精品优质鲜美味香甜醇厚记园坊庄阁堂轩";

    /// <summary>Whole 字号 that many enterprises share (they make common bigrams, as in real registers).</summary>
    private static readonly string[] Words = ["天中", "驻马", "嵖岈", "汝河", "豫南", "中原", "宏达", "鑫盛", "恒泰", "瑞丰"];

    private static readonly string[] Trades =
    [
        "粮油", "食品", "商贸", "农产品", "肉类加工", "冷链物流", "超市", "医药", "建材", "农资", "饮料", "乳业", "蔬菜种植", "养殖",
        "面粉", "调味品", "酒业", "茶叶", "电子商务", "家电", "五金", "服装", "餐饮管理", "果蔬", "芝麻", "花生", "中药材", "物流",
    ];

    private static readonly string[] Forms = ["有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司", "商贸部", "专业合作社", "经营部"];

    private static readonly string[] Letters = ["A", "A", "B", "B", "B", "C", "C", "D"];

    public static async Task<IReadOnlyList<string>> RunAsync(DevHostProcess host, string connectionString, string prefix, int enterprises, TimeSpan duration)
    {
        var counties = Counties.All.Where(c => c.Key != "411700").OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        var random = new Random(24);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var postings = new List<GramPosting>(enterprises);
        while (postings.Count < enterprises)
        {
            var (code, county) = counties[random.Next(counties.Count)];
            var brand = random.Next(5) == 0
                ? Words[random.Next(Words.Length)]
                : string.Concat(Enumerable.Range(0, random.Next(2, 4)).Select(_ => BrandCharacters[random.Next(BrandCharacters.Length)]));
            var name = $"{(random.Next(3) == 0 ? "驻马店市" : string.Empty)}{county}{brand}{Trades[random.Next(Trades.Length)]}{Forms[random.Next(Forms.Length)]}";
            if (names.Add(name))
            {
                var i = postings.Count;
                var uscc = Uscc.Compose('9', '1', code, $"MB{i:D6}").Value;
                postings.Add(new GramPosting(uscc, code, [name], Letters[uscc.GetHashCode(StringComparison.Ordinal) & 7]));
            }
        }

        // The index rows as the indexer would leave them (the cap turns 有限, 公司, county grams common), written whole.
        var watch = Stopwatch.StartNew();
        var rows = new Dictionary<string, GramRow>(StringComparer.Ordinal);
        foreach (var posting in postings)
        {
            foreach (var gram in SearchText.GramsOf(posting.Names))
            {
                if (SearchIndexRules.With(rows.GetValueOrDefault(gram), gram, posting) is { } updated)
                {
                    rows[gram] = updated;
                }
            }
        }

        var tables = new TableServiceClient(connectionString);
        var store = new SearchIndexTableStore(tables, new StorageNames(prefix));
        await store.WriteAsync(rows.Values, 16, CancellationToken.None);
        var grades = tables.GetTableClient(prefix + TableNames.Grades);
        await Parallel.ForEachAsync(postings, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (p, ct) =>
            await grades.UpsertEntityAsync(
                new GradeEntity
                {
                    PartitionKey = p.Uscc,
                    Name = p.Names[0],
                    County = p.County!,
                    Grade = p.Grade!,
                    Score = 800,
                    AsOf = "2026-12-01",
                    RulesVersion = "bench",
                    ComputedAt = DateTimeOffset.UtcNow,
                    DataSources = 1,
                },
                TableUpdateMode.Replace,
                ct));
        var seeded = watch.Elapsed;
        var common = rows.Values.Count(r => r.Common);

        // Fragments: 2–4 consecutive characters of a real name, drawn deterministically.
        var fragments = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var name = postings[random.Next(postings.Count)].Names[0];
            var length = random.Next(2, 5);
            return name.Substring(random.Next(name.Length - length + 1), length);
        }).ToList();
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        var answered = 0;
        var tooCommon = 0;
        var items = 0;
        Func<string, Task> search = async q =>
        {
            using var response = await anonymous.GetAsync($"/api/public/search?q={Uri.EscapeDataString(q)}");
            response.EnsureSuccessStatusCode();
            using var body = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            Interlocked.Increment(ref answered);
            Interlocked.Add(ref items, body.RootElement.GetProperty("items").GetArrayLength());
            if (body.RootElement.TryGetProperty("tooCommon", out var common) && common.GetBoolean())
            {
                Interlocked.Increment(ref tooCommon);
            }
        };
        var gramTable = tables.GetTableClient(prefix + TableNames.SearchGrams);
        var gramKeys = rows.Keys.Select(SearchGramKeys.PartitionKey).ToList();
        Func<string, Task> pointRead = async key => await gramTable.GetEntityAsync<TableEntity>(key, SearchGramKeys.RowKey);

        // A short warm-up of both paths (JIT, connections), then the measures.
        await ScanBenchmark.LoadAsync(16, TimeSpan.FromSeconds(2), fragments, search);
        await ScanBenchmark.LoadAsync(16, TimeSpan.FromSeconds(2), gramKeys, pointRead);
        answered = 0;
        tooCommon = 0;
        items = 0;
        var product = await ScanBenchmark.LoadAsync(16, duration, fragments, search);
        var (answers, tooCommonAnswers, itemsShown) = (answered, tooCommon, items);
        var raw = await ScanBenchmark.LoadAsync(16, duration, gramKeys, pointRead);

        // The floor of the route: the same function answering an unregistered USCC (one point read of Enterprises, no index read).
        var unknownUsccs = Enumerable.Range(0, 1_000).Select(i => Uscc.Compose('9', '1', "411702", $"MX{i:D6}").Value).ToList();
        var floor = await ScanBenchmark.LoadAsync(16, duration, unknownUsccs, search);

        // The same point reads weighted as the queries weight them: a gram of a random fragment (frequent grams have larger rows).
        var queriedKeys = fragments.Select(f => SearchGramKeys.PartitionKey(SearchText.QueryGrams(SearchText.Normalize(f))[0])).ToList();
        var rawQueried = await ScanBenchmark.LoadAsync(16, duration, queriedKeys, pointRead);
        var withinTarget = product.P95 <= 50 && product.Rate >= 0.5 * raw.Rate;
        return
        [
            $"| search: {enterprises:N0} enterprises, {rows.Count:N0} gram rows ({common:N0} common) and {enterprises:N0} current grades written whole in {seeded.TotalSeconds:F1} s | |",
            $"| search: 16 clients, GET /api/public/search?q= random 2–4 character fragments of the names, {duration.TotalSeconds:F0} s ({answers:N0} answers, {tooCommonAnswers:N0} tooCommon, {(double)itemsShown / answers:F1} items an answer) | {product.Rate:N0}/s, p50 {product.P50:F1} ms, p95 {product.P95:F1} ms, p99 {product.P99:F1} ms |",
            $"| search: 16 clients, raw GetEntityAsync of the gram rows | {raw.Rate:N0}/s, p50 {raw.P50:F1} ms, p95 {raw.P95:F1} ms, p99 {raw.P99:F1} ms |",
            $"| search: 16 clients, raw GetEntityAsync of the first gram of each fragment (weighted as the queries) | {rawQueried.Rate:N0}/s, p50 {rawQueried.P50:F1} ms, p95 {rawQueried.P95:F1} ms, p99 {rawQueried.P99:F1} ms |",
            $"| search: 16 clients, the same route with an unregistered USCC (one point read, the route's floor) | {floor.Rate:N0}/s, p50 {floor.P50:F1} ms, p95 {floor.P95:F1} ms, p99 {floor.P99:F1} ms |",
            $"| search: product / raw point read | throughput {product.Rate / raw.Rate:F2}, p95 {product.P95 / raw.P95:F2}× (targets p95 ≤ 50 ms and ≥ 0.5×: {(withinTarget ? "met" : "missed")}); against the query-weighted reads {product.Rate / rawQueried.Rate:F2} |",
        ];
    }
}
