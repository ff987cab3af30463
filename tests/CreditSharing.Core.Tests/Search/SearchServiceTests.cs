using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Search;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Search;

/// <summary><see cref="SearchService"/> over an in-memory index: what a query finds, how it is paged, and what it is routed to.</summary>
public sealed class SearchServiceTests
{
    private const string TraceCode = "ZMD-SEARCH-0001";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string UsccOf(int i) => Uscc.Compose('9', '1', "411702", $"MT{i:D6}").Value;

    [Fact]
    public async Task Any_two_consecutive_characters_of_a_name_find_it_with_county_and_grade()
    {
        var search = new Fixture();
        await search.IndexAsync(UsccOf(1), "驿城区天中粮油有限公司");
        await search.IndexAsync(UsccOf(2), "西平县宏达建材经营部");
        search.Grade(UsccOf(1), "A");

        var answer = await search.Service.SearchAsync("粮油", null, Ct);

        var item = Assert.Single(answer.Value!.Items);
        Assert.Equal(new SearchItem(UsccOf(1), "驿城区天中粮油有限公司", "411702", "驿城区", "A"), item);
        Assert.False(answer.Value.More);
    }

    [Fact]
    public async Task Full_width_letters_digits_and_spaces_in_the_query_match_the_half_width_name()
    {
        var search = new Fixture();
        await search.IndexAsync(UsccOf(1), "驻马店ABC食品123号店");

        var answer = await search.Service.SearchAsync("ａｂｃ 食品１２３", null, Ct);

        Assert.Equal([UsccOf(1)], answer.Value!.Items.Select(i => i.Uscc));
    }

    [Fact]
    public async Task Every_bigram_of_the_query_must_be_in_the_name_in_order()
    {
        var search = new Fixture();
        await search.IndexAsync(UsccOf(1), "天中粮油有限公司");
        await search.IndexAsync(UsccOf(2), "粮油天中有限公司");

        var answer = await search.Service.SearchAsync("天中粮", null, Ct);

        Assert.Equal([UsccOf(1)], answer.Value!.Items.Select(i => i.Uscc));
    }

    [Fact]
    public async Task A_former_name_finds_the_enterprise_under_its_current_name_after_current_name_matches()
    {
        var search = new Fixture();
        await search.IndexAsync(UsccOf(1), "驿城区新名字商贸有限公司", "驿城区天中粮油有限公司");
        await search.IndexAsync(UsccOf(2), "汝南县天中粮油经营部");

        var answer = await search.Service.SearchAsync("天中粮油", null, Ct);

        Assert.Equal(
            [new SearchItem(UsccOf(2), "汝南县天中粮油经营部", "411702", "驿城区", null), new SearchItem(UsccOf(1), "驿城区新名字商贸有限公司", "411702", "驿城区", null, "驿城区天中粮油有限公司")],
            answer.Value!.Items);
    }

    [Fact]
    public async Task Results_come_twenty_a_page_in_name_order_with_more_until_the_last_page()
    {
        var search = new Fixture();
        for (var i = 0; i < 45; i++)
        {
            await search.IndexAsync(UsccOf(i), $"嵖岈山第{i:D2}号农资店");
        }

        var first = (await search.Service.SearchAsync("嵖岈", null, Ct)).Value!;
        var third = (await search.Service.SearchAsync("嵖岈", "3", Ct)).Value!;
        var fourth = (await search.Service.SearchAsync("嵖岈", "4", Ct)).Value!;

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"嵖岈山第{i:D2}号农资店"), first.Items.Select(i => i.Name));
        Assert.True(first.More);
        Assert.Equal(Enumerable.Range(40, 5).Select(i => $"嵖岈山第{i:D2}号农资店"), third.Items.Select(i => i.Name));
        Assert.False(third.More);
        Assert.Empty(fourth.Items);
        Assert.Equal(4, fourth.Page);
    }

    [Fact]
    public async Task A_query_of_two_to_four_characters_reads_one_gram_row_and_no_grade()
    {
        var search = new Fixture();
        for (var i = 0; i < 45; i++)
        {
            await search.IndexAsync(UsccOf(i), $"正阳县第{i:D2}号花生店");
            search.Grade(UsccOf(i), "B");
        }

        var reads = search.Index.Reads;
        var answer = (await search.Service.SearchAsync("号花生店", "2", Ct)).Value!;

        Assert.Equal(SearchService.PageSize, answer.Items.Count);
        Assert.All(answer.Items, i => Assert.Equal("B", i.Grade));
        Assert.Equal(1, search.Index.Reads - reads);
        Assert.Equal(0, search.Grades.Reads);
    }

    [Fact]
    public async Task A_query_of_only_common_bigrams_is_answered_too_common_and_a_rarer_bigram_still_finds()
    {
        var search = new Fixture();
        for (var i = 0; i < SearchIndexRules.MaxPostings + 1; i++)
        {
            await search.IndexAsync(UsccOf(i), $"第{i:D3}号有限公司");
        }

        var common = (await search.Service.SearchAsync("有限公司", null, Ct)).Value!;
        var rarer = (await search.Service.SearchAsync("123号有限公司", null, Ct)).Value!;

        Assert.True(common.TooCommon);
        Assert.Empty(common.Items);
        Assert.False(rarer.TooCommon);
        Assert.Equal([UsccOf(123)], rarer.Items.Select(i => i.Uscc));
    }

    [Fact]
    public async Task A_bigram_in_no_name_finds_nothing_and_is_not_too_common()
    {
        var search = new Fixture();
        await search.IndexAsync(UsccOf(1), "天中粮油有限公司");

        var answer = (await search.Service.SearchAsync("天中肉类", null, Ct)).Value!;

        Assert.Empty(answer.Items);
        Assert.False(answer.TooCommon);
        Assert.Null(answer.Route);
    }

    [Fact]
    public async Task A_registered_uscc_is_routed_to_its_page_with_its_profile_and_grade()
    {
        var search = new Fixture();
        search.Enterprises.Add(new EnterpriseProfile(UsccOf(7), "确山县铜山茶叶有限公司", null, null, "411725", null));
        search.Grade(UsccOf(7), "B");

        var answer = (await search.Service.SearchAsync($" {UsccOf(7)} ", null, Ct)).Value!;

        Assert.Equal(new SearchRoute("enterprise", UsccOf(7), $"/e/{UsccOf(7)}"), answer.Route);
        Assert.Equal([new SearchItem(UsccOf(7), "确山县铜山茶叶有限公司", "411725", "确山县", "B")], answer.Items);
    }

    [Fact]
    public async Task An_unregistered_uscc_is_routed_without_items()
    {
        var search = new Fixture();

        var answer = (await search.Service.SearchAsync(UsccOf(8), null, Ct)).Value!;

        Assert.Equal("enterprise", answer.Route!.Kind);
        Assert.Empty(answer.Items);
    }

    [Fact]
    public async Task A_known_trace_code_is_routed_to_its_scan_and_an_unknown_one_is_searched_as_a_name()
    {
        var search = new Fixture();

        var known = (await search.Service.SearchAsync(TraceCode, null, Ct)).Value!;
        var unknown = (await search.Service.SearchAsync("ZMD-UNKNOWN-0002", null, Ct)).Value!;

        Assert.Equal(new SearchRoute("trace", TraceCode, $"/t/{TraceCode}"), known.Route);
        Assert.Null(unknown.Route);
        Assert.Empty(unknown.Items);
    }

    [Fact]
    public async Task A_changed_grade_letter_shows_at_once_from_the_rewritten_postings()
    {
        var search = new Fixture();
        await search.IndexAsync(UsccOf(1), "平舆县白芝麻专业合作社");
        search.Grade(UsccOf(1), "B");
        var before = (await search.Service.SearchAsync("芝麻", null, Ct)).Value!;
        search.Grade(UsccOf(1), "A");

        var after = (await search.Service.SearchAsync("白芝麻专业", null, Ct)).Value!;

        Assert.Equal("B", Assert.Single(before.Items).Grade);
        Assert.Equal("A", Assert.Single(after.Items).Grade);
        Assert.Equal(0, search.Grades.Reads);
    }

    [Fact]
    public async Task An_enterprise_without_a_grade_shows_its_first_grade_at_once()
    {
        var search = new Fixture();
        await search.IndexAsync(UsccOf(1), "平舆县白芝麻专业合作社");
        var before = (await search.Service.SearchAsync("芝麻", null, Ct)).Value!;
        search.Grade(UsccOf(1), "C");

        var after = (await search.Service.SearchAsync("芝麻", null, Ct)).Value!;

        Assert.Null(Assert.Single(before.Items).Grade);
        Assert.Equal("C", Assert.Single(after.Items).Grade);
    }

    [Fact]
    public async Task A_query_empty_of_one_character_or_with_control_format_or_broken_characters_is_refused_naming_q()
    {
        var service = new Fixture().Service;
        string[] queries = ["", "   ", "粮", " 粮 ", "粮\u0000油", "粮\u202E油", "粮\u200B油", "粮" + '\uD800' + "油", '\uDC00' + "粮油"];

        foreach (var query in queries)
        {
            var answer = await service.SearchAsync(query, null, Ct);

            Assert.Null(answer.Value);
            Assert.Equal(["q"], answer.Errors!.ToDictionary().Keys);
        }
    }

    [Fact]
    public async Task A_query_longer_than_64_characters_is_refused_naming_q()
    {
        var answer = await new Fixture().Service.SearchAsync(new string('粮', SearchService.MaxQueryLength + 1), null, Ct);

        Assert.Equal(["q"], answer.Errors!.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("51")]
    [InlineData("-1")]
    [InlineData("2x")]
    [InlineData("+2")]
    public async Task A_page_outside_1_to_50_is_refused_naming_page(string page)
    {
        var answer = await new Fixture().Service.SearchAsync("粮油", page, Ct);

        Assert.Equal(["page"], answer.Errors!.ToDictionary().Keys);
    }

    private sealed class Fixture
    {
        public Fixture()
        {
            var trace = new TraceService(new OneCodeTraceStore(), null!, new ActorDirectory(null!, null!, null!, Clock), CreditRules.Default, Clock, new Core.Providers.ProviderGate(MemoryProviderStore.WithEveryRight("sw-trace")), new ScanCounter(null!, Clock));
            Service = new SearchService(Index, Enterprises, Grades, trace);
        }

        public MovableClock Clock { get; } = new(Now);

        public MemorySearchIndexStore Index { get; } = new();

        public MemoryEnterpriseStore Enterprises { get; } = new();

        public CurrentGrades Grades { get; } = new();

        public SearchService Service { get; }

        private Dictionary<string, GramPosting> Postings { get; } = new(StringComparer.Ordinal);

        public Task IndexAsync(string uscc, string name, params string[] former)
        {
            Postings[uscc] = new GramPosting(uscc, "411702", [name, .. former]);
            return new SearchIndexer(Index, Enterprises).IndexAsync(Postings[uscc], Ct);
        }

        /// <summary>As the grader does: stores the grade and, the letter having changed, rewrites the postings with it.</summary>
        public void Grade(string uscc, string letter)
        {
            Grades.Put(uscc, letter);
            if (!Postings.ContainsKey(uscc))
            {
                return;
            }

            Postings[uscc] = Postings[uscc] with { Grade = letter };
            new SearchIndexer(Index, Enterprises).IndexAsync(Postings[uscc], Ct).GetAwaiter().GetResult();
        }
    }

    private sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Current grades only; counts the reads.</summary>
    private sealed class CurrentGrades : IGradeStore
    {
        private readonly Dictionary<string, StoredGrade> current = new(StringComparer.Ordinal);
        private int reads;

        public int Reads => Volatile.Read(ref reads);

        public void Put(string uscc, string letter)
            => current[uscc] = new StoredGrade(new GradeSnapshot(uscc, null, "411702", null, new GradeResult(800, letter, [], new ListStatus(false, false, false, []), new Supervision(0.1m, []), DateOnly.FromDateTime(Now.UtcDateTime), "test"), Now), "v1");

        public Task<StoredGrade?> GetCurrentAsync(string uscc, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            return Task.FromResult(current.GetValueOrDefault(uscc));
        }

        public Task<GradeSnapshot?> GetAsOfAsync(string uscc, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SaveAsync(GradeSnapshot snapshot, StoredGrade? previous, bool writeHistory, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task EnsureFiledAsync(StoredGrade current, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<(IReadOnlyList<GradeListItem> Items, string? ContinuationToken)> ListAsync(string? county, string? industry, string? industryCode, string? grade, int pageSize, string? continuationToken, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<(string County, string Grade), GradeCount>> CountAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<string> GradedAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>A trace store that knows one code (its head only).</summary>
    private sealed class OneCodeTraceStore : ITraceStore
    {
        private static readonly TraceProduct Product = new(TraceCode, "pork", "冷鲜猪肉", "B1", null, null, "91411702MA6ULN0X2U", "ambient", [], Now, "test");

        public Task<TraceChainHead?> GetHeadAsync(string code, CancellationToken cancellationToken)
            => Task.FromResult(code == TraceCode ? new TraceChainHead(Product, 0, null, null, "1") : null);

        public Task<bool> TryCreateAsync(TraceProduct product, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TraceChain?> GetAsync(string code, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task AppendAsync(TraceChainHead head, IReadOnlyList<TraceEvent> events, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> CodesOfActorAsync(string actorUscc, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
