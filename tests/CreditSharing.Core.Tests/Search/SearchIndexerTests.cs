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
        var candidates = SearchIndexRules.Candidates(await index.ReadAsync(SearchText.Bigrams(query), TestContext.Current.CancellationToken))!;
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

        Assert.Equal(7, first);
        Assert.Equal(0, second);
    }
}
