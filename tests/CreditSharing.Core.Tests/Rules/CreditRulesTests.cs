using System.Text;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;

namespace CreditSharing.Core.Tests.Rules;

public sealed class CreditRulesTests
{
    private const string TwoRuleSets = """
        {
          "version": "test-1",
          "disclosure": {
            "ruleSets": [
              {
                "name": "later",
                "effectiveFrom": "2026-04-01",
                "penalty": { "general": { "published": true, "minMonths": 3, "maxMonths": 12 } },
                "publicMonths": { "license": 12 }
              },
              {
                "name": "first",
                "effectiveFrom": "0001-01-01",
                "penalty": { "general": { "published": true, "minMonths": 3, "maxMonths": 36 } },
                "publicMonths": { "license": 36 }
              }
            ]
          }
        }
        """;

    /// <summary>Parses a disclosure fixture; fixtures without a grading model borrow the shipped grading and list rules.</summary>
    private static CreditRules Parse(string json)
    {
        var parsed = System.Text.Json.Nodes.JsonNode.Parse(json);
        if (parsed is not System.Text.Json.Nodes.JsonObject node)
        {
            using var raw = new MemoryStream(Encoding.UTF8.GetBytes(json));
            return CreditRules.Parse(raw);
        }

        if (node.ContainsKey("disclosure") && !node.ContainsKey("grading"))
        {
            node["grading"] = System.Text.Json.JsonSerializer.SerializeToNode(CreditRules.Default.Grading, CreditSharing.Core.Shared.WireJson.Options);
            node["lists"] = System.Text.Json.JsonSerializer.SerializeToNode(CreditRules.Default.Lists, CreditSharing.Core.Shared.WireJson.Options);
            node["loans"] = System.Text.Json.JsonSerializer.SerializeToNode(CreditRules.Default.Loans, CreditSharing.Core.Shared.WireJson.Options);
            node["trace"] = System.Text.Json.JsonSerializer.SerializeToNode(CreditRules.Default.Trace, CreditSharing.Core.Shared.WireJson.Options);
            node["objections"] = System.Text.Json.JsonSerializer.SerializeToNode(CreditRules.Default.Objections, CreditSharing.Core.Shared.WireJson.Options);
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString()));
        return CreditRules.Parse(stream);
    }

    [Fact]
    public void DefaultIsTheShippedRulesFile()
    {
        var rules = CreditRules.Default;

        Assert.Equal("2026.12-1", rules.Version);
        Assert.Equal(2, rules.Disclosure.RuleSets.Count);
        Assert.Same(rules, CreditRules.Default);
    }

    [Fact]
    public void DefaultRulesStartAtTheBeginningOfTimeAndChangeOnTheFirstOfApril2026()
    {
        var effective = CreditRules.Default.Disclosure.RuleSets.Select(r => r.EffectiveFrom).Order().ToArray();

        Assert.Equal([DateOnly.MinValue, new DateOnly(2026, 4, 1)], effective);
    }

    [Fact]
    public void EveryDefaultRuleSetCoversEverySeverityAndEveryOtherCategory()
    {
        var ruleSets = CreditRules.Default.Disclosure.RuleSets;

        Assert.All(ruleSets, ruleSet =>
        {
            Assert.Equal(["general", "minor", "serious"], ruleSet.Penalty.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(
                RecordCategories.All.Keys.Where(c => c != RecordCategories.Penalty).Order(StringComparer.Ordinal),
                ruleSet.PublicMonths.Keys.Order(StringComparer.Ordinal));
        });
    }

    [Fact]
    public void DefaultPenaltyWindowsMatchTheDesign()
    {
        var rules = CreditRules.Default.Disclosure;

        var old = rules.InForceOn(new DateOnly(2026, 3, 31));
        var current = rules.InForceOn(new DateOnly(2026, 4, 1));

        Assert.Equal(new PenaltyWindow(true, 3, 36), old.Penalty["minor"]);
        Assert.Equal(new PenaltyWindow(true, 3, 36), old.Penalty["general"]);
        Assert.Equal(new PenaltyWindow(true, 3, 36), old.Penalty["serious"]);
        Assert.False(current.Penalty["minor"].Published);
        Assert.Equal(new PenaltyWindow(true, 3, 12), current.Penalty["general"]);
        Assert.Equal(new PenaltyWindow(true, 12, 36), current.Penalty["serious"]);
    }

    [Fact]
    public void InForceOnPicksThe2023RulesOnTheLastDayOfMarch2026()
    {
        var ruleSet = CreditRules.Default.Disclosure.InForceOn(new DateOnly(2026, 3, 31));

        Assert.Equal(DateOnly.MinValue, ruleSet.EffectiveFrom);
        Assert.StartsWith("2023 rules", ruleSet.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void InForceOnPicksThe2026RulesFromTheFirstOfApril2026()
    {
        var ruleSet = CreditRules.Default.Disclosure.InForceOn(new DateOnly(2026, 4, 1));

        Assert.Equal(new DateOnly(2026, 4, 1), ruleSet.EffectiveFrom);
        Assert.StartsWith("2026 rules", ruleSet.Name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1, 1, "first")]
    [InlineData(2026, 3, 31, "first")]
    [InlineData(2026, 4, 1, "later")]
    [InlineData(9999, 12, 31, "later")]
    public void InForceOnPicksTheLatestRuleSetInForceWhateverTheFileOrder(int year, int month, int day, string expected)
    {
        var rules = Parse(TwoRuleSets);

        var ruleSet = rules.Disclosure.InForceOn(new DateOnly(year, month, day));

        Assert.Equal(expected, ruleSet.Name);
    }

    [Fact]
    public void ParseReadsEveryField()
    {
        var rules = Parse(TwoRuleSets);

        Assert.Equal("test-1", rules.Version);
        var later = rules.Disclosure.RuleSets[0];
        Assert.Equal("later", later.Name);
        Assert.Equal(new DateOnly(2026, 4, 1), later.EffectiveFrom);
        Assert.Equal(new PenaltyWindow(true, 3, 12), later.Penalty["general"]);
        Assert.Equal(12, later.PublicMonths["license"]);
    }

    [Fact]
    public void ParseRejectsRulesWhoseFirstRuleSetDoesNotStartAtTheBeginningOfTime()
    {
        var json = TwoRuleSets.Replace("0001-01-01", "2000-01-01", StringComparison.Ordinal);

        var exception = Assert.Throws<InvalidOperationException>(() => Parse(json));

        Assert.Equal("Disclosure rules must start with a rule set effective from 0001-01-01.", exception.Message);
    }

    [Fact]
    public void ParseRejectsRulesWithoutRuleSets()
    {
        const string json = """{ "version": "x", "disclosure": { "ruleSets": [] } }""";

        var exception = Assert.Throws<InvalidOperationException>(() => Parse(json));

        Assert.Equal("Disclosure rules must start with a rule set effective from 0001-01-01.", exception.Message);
    }

    [Fact]
    public void ParseRejectsAnEmptyRulesFile()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Parse("null"));

        Assert.Equal("The rules file is empty.", exception.Message);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "version": null }""")]
    [InlineData("""{ "version": "  ", "disclosure": { "ruleSets": [] } }""")]
    public void ParseRejectsAFileWithoutAVersion(string json)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Parse(json));

        Assert.Equal("The rules file has no version.", exception.Message);
    }

    [Theory]
    [InlineData("""{ "version": "x", "disclosure": {} }""")]
    [InlineData("""{ "version": "x" }""")]
    [InlineData("""{ "version": "x", "disclosure": null }""")]
    [InlineData("""{ "version": "x", "disclosure": { "ruleSets": null } }""")]
    public void ParseRejectsAFileWithoutDisclosureRuleSets(string json)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Parse(json));

        Assert.Equal("The rules file has no disclosure rule sets.", exception.Message);
    }

    [Fact]
    public void InForceOnThrowsWhenNoRuleSetCoversTheDate()
    {
        var rules = new DisclosureRules(
        [
            new DisclosureRuleSet("later", new DateOnly(2026, 4, 1), new Dictionary<string, PenaltyWindow>(), new Dictionary<string, int>()),
        ]);

        var exception = Assert.Throws<InvalidOperationException>(() => rules.InForceOn(new DateOnly(2026, 3, 31)));

        Assert.Equal("No disclosure rules cover 2026-03-31.", exception.Message);
    }
}
