using System.Reflection;
using System.Text.RegularExpressions;
using CreditSharing.Functions.Audit;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.OpenApi;

namespace CreditSharing.Integration.Tests.OpenApi;

/// <summary>
/// Every query parameter a function reads is declared with <see cref="ApiQueryAttribute"/>, and every declared one
/// is read: a source scan of the Functions project (no Roslyn). A member's reads are its own
/// <c>Query["x"]</c>, those of the members of its class it calls, and those of the shared helpers below.
/// </summary>
public sealed partial class OpenApiQueryDeclarationTests
{
    /// <summary>Helpers outside the function classes that read the query, and what they read.</summary>
    private static readonly Dictionary<string, string> Helpers = new(StringComparer.Ordinal)
    {
        ["ActingEnterprise.Of("] = ActingEnterprise.QueryParameter,
        ["AuditedReads.ByRegulator("] = AuditedReads.ReasonParameter,
    };

    private static readonly string[] HelperFiles = ["Auth/ActingEnterprise.cs", "Audit/AuditedReads.cs"];

    [Fact]
    public void DeclaresEveryQueryParameterAFunctionReads()
    {
        var root = Path.Combine(RepositoryRoot(), "functions", "CreditSharing.Functions");
        var reads = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            foreach (var (function, names) in FunctionReads(File.ReadAllText(file)))
            {
                reads[function] = names;
            }
        }

        var problems = new List<string>();
        foreach (var function in new FunctionCatalog().Http)
        {
            var declared = function.Method.GetCustomAttributes<ApiQueryAttribute>().Select(q => q.Name).ToHashSet(StringComparer.Ordinal);
            var read = reads.GetValueOrDefault(function.Name) ?? [];
            problems.AddRange(read.Except(declared).Select(n => $"{function.Name} reads ?{n}= but has no [ApiQuery(\"{n}\", …)]"));
            problems.AddRange(declared.Except(read).Select(n => $"{function.Name} declares [ApiQuery(\"{n}\")] but never reads it"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void ReadsTheQueryOnlyInFunctionClassesAndKnownHelpers()
    {
        var root = Path.Combine(RepositoryRoot(), "functions", "CreditSharing.Functions");
        var unknown = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal))
            .Where(f => QueryRead().IsMatch(File.ReadAllText(f)) && !File.ReadAllText(f).Contains("[Function(", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !HelperFiles.Contains(f))
            .ToList();

        Assert.True(unknown.Count == 0, $"These files read the query outside a function class; add them to {nameof(Helpers)} with what they read: {string.Join(", ", unknown)}");
    }

    /// <summary>Splits a file into members (4-space indented, attributes included) and resolves each function's reads.</summary>
    private static IEnumerable<(string Function, HashSet<string> Reads)> FunctionReads(string source)
    {
        var members = new List<(string? Function, string Name, string Body)>();
        string? function = null;
        string? name = null;
        var body = new System.Text.StringBuilder();
        var signatureSeen = false;
        foreach (var line in source.Split('\n'))
        {
            var starts = MemberStart().IsMatch(line);
            if (starts && signatureSeen)
            {
                members.Add((function, name ?? string.Empty, body.ToString()));
                (function, name, signatureSeen) = (null, null, false);
                body.Clear();
            }

            if (starts && FunctionName().Match(line) is { Success: true } f)
            {
                function = f.Groups[1].Value;
            }
            else if (starts && !line.TrimStart().StartsWith('[') && !signatureSeen)
            {
                signatureSeen = true;
                name = MemberName().Match(line) is { Success: true } m ? m.Groups[1].Value : string.Empty;
            }

            body.AppendLine(line);
        }

        members.Add((function, name ?? string.Empty, body.ToString()));
        var byName = members.Where(m => m.Name.Length > 0).GroupBy(m => m.Name).ToDictionary(g => g.Key, g => string.Concat(g.Select(m => m.Body)), StringComparer.Ordinal);
        foreach (var member in members.Where(m => m.Function is not null))
        {
            var reads = new HashSet<string>(StringComparer.Ordinal);
            var visited = new HashSet<string>(StringComparer.Ordinal) { member.Name };
            var pending = new Queue<string>([member.Body]);
            while (pending.TryDequeue(out var text))
            {
                reads.UnionWith(QueryRead().Matches(text).Select(m => m.Groups[1].Value));
                reads.UnionWith(Helpers.Where(h => text.Contains(h.Key, StringComparison.Ordinal)).Select(h => h.Value));
                foreach (var (callee, calleeBody) in byName)
                {
                    if (visited.Add(callee) && Regex.IsMatch(text, $@"(?<![\w.]){callee}\("))
                    {
                        pending.Enqueue(calleeBody);
                    }
                }
            }

            yield return (member.Function!, reads);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CreditSharing.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CreditSharing.sln not found above the test's directory.");
    }

    [GeneratedRegex(@"Query\[""([A-Za-z0-9_]+)""\]")]
    private static partial Regex QueryRead();

    [GeneratedRegex(@"^    (\[|public |private |internal |protected |static )")]
    private static partial Regex MemberStart();

    [GeneratedRegex(@"^    \[Function\(nameof\((\w+)\)\)\]")]
    private static partial Regex FunctionName();

    [GeneratedRegex(@"(\w+)\s*(<[^>]*>)?\(")]
    private static partial Regex MemberName();
}
