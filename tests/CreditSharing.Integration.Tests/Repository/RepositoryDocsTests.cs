using System.Text.RegularExpressions;
using CreditSharing.DevHost;

namespace CreditSharing.Integration.Tests.Repository;

/// <summary>
/// The repository stands alone: a user who clones it has its docs and data and nothing beside it,
/// so no file may reach outside it and every relative link in the docs must resolve.
/// </summary>
public sealed partial class RepositoryDocsTests
{
    private static readonly string Root = EmbeddedAzurite.FindRepositoryRoot();

    // Spelled in parts so that this file is not itself a match.
    private static readonly string SharedFolder = string.Join('/', "..", "shared");

    private static readonly string[] SkippedFolders = [".git", "bin", "obj", "node_modules", "results", "TestResults"];

    [Fact]
    public void KeepsTheReadmeAFiveMinuteRead()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md")).Length;

        Assert.True(lines <= 250, $"README.md has {lines} lines; reference material belongs in docs/.");
    }

    [Fact]
    public void ResolvesEveryRelativeLinkInTheReadmeAndDocs()
    {
        var broken = MarkdownFiles()
            .SelectMany(file => RelativeLinks(file).Select(link => (file, link)))
            .Where(pair => !File.Exists(pair.link.Target) && !Directory.Exists(pair.link.Target))
            .Select(pair => $"{Path.GetRelativePath(Root, pair.file)} → {pair.link.Text}")
            .ToList();

        Assert.Empty(broken);
    }

    [Fact]
    public void RefersToNothingOutsideTheRepository()
    {
        var outside = RepositoryFiles()
            .Where(file => !IsBinary(file) && File.ReadAllText(file).Contains(SharedFolder, StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(Root, file))
            .ToList();

        Assert.Empty(outside);
    }

    [Fact]
    public void GivesEveryDecisionRecordItsSections()
    {
        var records = Directory.GetFiles(Path.Combine(Root, "docs", "decisions"), "*.md")
            .Where(file => DecisionFileName().IsMatch(Path.GetFileName(file)))
            .ToList();

        Assert.True(records.Count >= 5, $"{records.Count} decision records in docs/decisions.");
        Assert.All(records, file =>
        {
            var text = File.ReadAllText(file);
            foreach (var section in new[] { "Context", "Decision", "Consequences", "When to revisit" })
            {
                Assert.True(Regex.IsMatch(text, $"^##+ {section}", RegexOptions.Multiline), $"{Path.GetFileName(file)} has no '{section}' section.");
            }
        });
    }

    private static IEnumerable<string> MarkdownFiles()
        => new[] { Path.Combine(Root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories));

    private static IEnumerable<(string Text, string Target)> RelativeLinks(string file)
    {
        var text = FencedCode().Replace(File.ReadAllText(file), string.Empty);
        foreach (Match match in MarkdownLink().Matches(text))
        {
            var link = match.Groups["target"].Value;
            if (link.Contains("://", StringComparison.Ordinal) || link.StartsWith('#') || link.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var path = Uri.UnescapeDataString(link.Split('#')[0]);
            yield return (link, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path)));
        }
    }

    private static IEnumerable<string> RepositoryFiles()
    {
        var pending = new Stack<string>([Root]);
        while (pending.TryPop(out var folder))
        {
            foreach (var sub in Directory.EnumerateDirectories(folder).Where(d => !SkippedFolders.Contains(Path.GetFileName(d))))
            {
                pending.Push(sub);
            }

            foreach (var file in Directory.EnumerateFiles(folder).Where(f => Path.GetFileName(f) != "package-lock.json"))
            {
                yield return file;
            }
        }
    }

    private static bool IsBinary(string file)
        => Path.GetExtension(file) is ".png" or ".dll" or ".pdb" or ".exe" or ".zip" or ".xlsx" or ".pdf";

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"^\d{4}-[a-z0-9-]+\.md$")]
    private static partial Regex DecisionFileName();
}
