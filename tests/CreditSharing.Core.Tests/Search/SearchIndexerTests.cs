using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Search;

namespace CreditSharing.Core.Tests.Search;

public sealed class SearchIndexerTests
{
    [Fact]
    public async Task Many_names_sharing_common_bigrams_keep_rows_bounded_and_rare_grams_still_find_each()
    {
        var index = new MemorySearchIndexStore();
        var indexer = new SearchIndexer(index, new MemoryEnterpriseStore());
        for (var i = 0; i < SearchIndexRules.MaxPostings + 30; i++)
        {
            await indexer.IndexAsync(new GramPosting($"U{i:D4}", null, [$"驻马店{i:D4}号粮油有限公司"]), TestContext.Current.CancellationToken);
        }

        Assert.True(index.Rows["有限"].Common);
        Assert.All(index.Rows.Values, row => Assert.True(row.Postings.Count <= SearchIndexRules.MaxPostings));
        var query = SearchText.Normalize("0123号粮油有限");
        var candidates = SearchIndexRules.Candidates(await index.ReadAsync(SearchText.QueryGrams(query), TestContext.Current.CancellationToken))!;
        Assert.Equal(["U0123"], candidates.Where(p => SearchText.FirstMatch(p.Names, query) is not null).Select(p => p.Uscc));
    }

    [Fact]
    public async Task Indexing_the_same_posting_twice_writes_nothing_the_second_time()
    {
        var index = new MemorySearchIndexStore();
        var indexer = new SearchIndexer(index, new MemoryEnterpriseStore());
        var posting = new GramPosting("U1", "411702", ["天中粮油有限公司"]);

        var first = await indexer.IndexAsync(posting, TestContext.Current.CancellationToken);
        var second = await indexer.IndexAsync(posting, TestContext.Current.CancellationToken);

        Assert.Equal(7 + 6 + 5, first);
        Assert.Equal(0, second);
    }

    [Fact]
    public async Task Every_gram_of_two_to_four_characters_lists_the_name_and_longer_grams_are_not_indexed()
    {
        var index = new MemorySearchIndexStore();

        await new SearchIndexer(index, new MemoryEnterpriseStore()).IndexAsync(new GramPosting("U1", "411702", ["天中粮油"], "A"), TestContext.Current.CancellationToken);

        Assert.Equal(["天中", "中粮", "粮油", "天中粮", "中粮油", "天中粮油"], index.Rows.Keys.OrderBy(k => k.Length).ThenBy(k => "天中粮油".IndexOf(k, StringComparison.Ordinal)));
        Assert.All(index.Rows.Values, row => Assert.Equal("A", Assert.Single(row.Postings).Grade));
    }

    [Fact]
    public async Task A_former_name_past_the_indexed_five_loses_its_postings_but_shared_grams_keep_them()
    {
        var index = new MemorySearchIndexStore();
        var indexer = new SearchIndexer(index, new MemoryEnterpriseStore());
        var profile = new EnterpriseProfile("U1", "天中粮油", null, null, "411702", null);
        string[] former = ["甲乙粮油", "丙丁粮油", "戊己粮油", "庚辛粮油", "壬癸粮油"];
        await indexer.IndexAsync(new StoredEnterprise(profile, DateTimeOffset.UnixEpoch, "test", null, former), null, TestContext.Current.CancellationToken);

        // Renamed again: 壬癸粮油 is the sixth former name now, no longer indexed.
        var renamed = new StoredEnterprise(profile with { Name = "子丑粮油" }, DateTimeOffset.UnixEpoch, "test", null, ["天中粮油", .. former]);
        await indexer.IndexAsync(renamed, "B", TestContext.Current.CancellationToken);

        Assert.Empty(index.Rows["壬癸粮油"].Postings);
        Assert.Empty(index.Rows["壬癸"].Postings);
        Assert.Equal("B", Assert.Single(index.Rows["粮油"].Postings).Grade);
        Assert.Equal(["子丑粮油", "天中粮油", "甲乙粮油", "丙丁粮油", "戊己粮油", "庚辛粮油"], Assert.Single(index.Rows["子丑"].Postings).Names);
    }

    [Fact]
    public async Task A_changed_grade_letter_rewrites_the_posting_in_every_gram_row()
    {
        var index = new MemorySearchIndexStore();
        var enterprises = new MemoryEnterpriseStore();
        enterprises.Add(new EnterpriseProfile("U1", "天中粮油", null, null, "411702", null));
        var indexer = new SearchIndexer(index, enterprises);
        await indexer.IndexAsync("U1", TestContext.Current.CancellationToken);

        var written = await indexer.GradeChangedAsync("U1", "C", TestContext.Current.CancellationToken);

        Assert.Equal(6, written);
        Assert.All(index.Rows.Values, row => Assert.Equal("C", Assert.Single(row.Postings).Grade));
    }
}
