using CreditSharing.Core.Search;

namespace CreditSharing.Core.Tests.Search;

public sealed class SearchIndexRulesTests
{
    [Fact]
    public void Normalize_folds_full_width_latin_and_case_and_drops_spaces()
    {
        Assert.Equal("abc科技(驻马店)有限公司", SearchText.Normalize("ＡＢＣ科技 （驻马店）有限公司"));
    }

    [Fact]
    public void Bigrams_are_distinct_consecutive_pairs()
    {
        Assert.Equal(["有限", "限公", "公司", "司有"], SearchText.Bigrams("有限公司有限"));
        Assert.Empty(SearchText.Bigrams("有"));
    }

    [Fact]
    public void With_adds_a_posting_and_reports_no_change_when_the_same()
    {
        var posting = new GramPosting("91411700MA00000001", "411702", ["天中粮油有限公司"]);
        var row = SearchIndexRules.With(null, "粮油", posting);

        Assert.NotNull(row);
        Assert.Single(row.Postings);
        Assert.Null(SearchIndexRules.With(row, "粮油", posting with { Names = ["天中粮油有限公司"] }));
    }

    [Fact]
    public void With_replaces_the_posting_of_a_renamed_enterprise()
    {
        var row = SearchIndexRules.With(null, "粮油", new GramPosting("U1", null, ["天中粮油"]))!;
        var renamed = SearchIndexRules.With(row, "粮油", new GramPosting("U1", null, ["天中粮油新", "天中粮油"]))!;

        Assert.Single(renamed.Postings);
        Assert.Equal("天中粮油新", renamed.Postings[0].Names[0]);
    }

    [Fact]
    public void Crossing_the_cap_makes_the_row_common_and_empty_and_it_stays_so()
    {
        GramRow? row = null;
        for (var i = 0; i < 4; i++)
        {
            row = SearchIndexRules.With(row, "公司", new GramPosting($"U{i}", null, ["某公司"]), cap: 3) ?? row;
        }

        Assert.True(row!.Common);
        Assert.Empty(row.Postings);
        Assert.Null(SearchIndexRules.With(row, "公司", new GramPosting("U9", null, ["某公司"]), cap: 3));
    }

    [Fact]
    public void Candidates_intersect_from_the_rarest_listed_row_and_skip_common_rows()
    {
        var a = new GramPosting("A", null, ["甲"]);
        var b = new GramPosting("B", null, ["乙"]);
        var c = new GramPosting("C", null, ["丙"]);
        var rows = new GramRow?[]
        {
            new("x1", false, [a, b, c]),
            new("x2", true, []),
            new("x3", false, [b, c]),
            new("x4", false, [c, b, a]),
        };

        var candidates = SearchIndexRules.Candidates(rows)!;

        Assert.Equal(["B", "C"], candidates.Select(p => p.Uscc));
    }

    [Fact]
    public void Candidates_are_none_when_a_gram_is_absent_and_null_when_every_gram_is_common()
    {
        Assert.Empty(SearchIndexRules.Candidates([new GramRow("x", false, [new GramPosting("A", null, ["甲"])]), null])!);
        Assert.Null(SearchIndexRules.Candidates([new GramRow("有限", true, []), new GramRow("公司", true, [])]));
    }

    [Fact]
    public void FirstMatch_finds_the_former_name_after_normalising()
    {
        Assert.Equal("ＡＢ粮油", SearchText.FirstMatch(["新名字", "ＡＢ粮油"], SearchText.Normalize("ab粮")));
        Assert.Null(SearchText.FirstMatch(["新名字"], "粮油"));
    }
}
