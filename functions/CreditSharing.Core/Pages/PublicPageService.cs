using CreditSharing.Core.Commitments;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Pages;

/// <summary>
/// What the public pages show, composed from the capabilities that own it: the public credit page of
/// an enterprise (records, grade, list entries) and the search box that tells a USCC from a trace code.
/// </summary>
public sealed class PublicPageService(RecordService records, GradeQueries grades, ListService lists, TraceService trace, CommitmentService commitments)
{
    /// <summary>信用驻马店 公示: profile, grade letter, active red/black entries and public records inside their window.</summary>
    public async Task<QueryResult<EnterpriseCreditPage>> EnterpriseAsync(string routeUscc, CancellationToken cancellationToken)
    {
        if (!Uscc.TryParse(routeUscc, out var uscc, out var error))
        {
            return QueryResult<EnterpriseCreditPage>.Invalid(FieldErrors.Of("uscc", error));
        }

        var pageTask = PublicEnterpriseAsync(uscc.Value, cancellationToken);
        var gradeTask = grades.GetAsync(uscc.Value, null, cancellationToken);
        var entriesTask = lists.ActivePublicEntriesAsync(uscc, cancellationToken);
        await Task.WhenAll(pageTask, gradeTask, entriesTask);
        var page = await pageTask;
        if (page.Value is null)
        {
            return new QueryResult<EnterpriseCreditPage>(null, page.Errors, page.NotFoundDetail);
        }

        var grade = (await gradeTask).Value;
        return QueryResult<EnterpriseCreditPage>.Ok(new EnterpriseCreditPage(page.Value, grade?.Grade, grade?.ComputedAt, await entriesTask));
    }

    /// <summary><c>GET /api/public/enterprises/{uscc}</c>: the public records with the public 信用承诺.</summary>
    public async Task<QueryResult<PublicEnterprisePage>> PublicEnterpriseAsync(string uscc, CancellationToken cancellationToken)
    {
        var pageTask = records.PublicPageAsync(uscc, cancellationToken);
        var commitmentsTask = Uscc.TryParse(uscc, out var parsed, out _) ? commitments.PublicAsync(parsed.Value, cancellationToken) : Task.FromResult<IReadOnlyList<PublicCommitment>>([]);
        await Task.WhenAll(pageTask, commitmentsTask);
        var page = await pageTask;
        return page.Value is null ? page : QueryResult<PublicEnterprisePage>.Ok(page.Value with { Commitments = await commitmentsTask });
    }

    /// <summary>
    /// The search box: a valid USCC goes to its enterprise, a registered trace code to its scan; what
    /// looks like a USCC but is not valid is answered with the reason, so a mistyped code is caught.
    /// </summary>
    public async Task<SearchOutcome> SearchAsync(string? query, CancellationToken cancellationToken)
    {
        var q = query?.Trim() ?? string.Empty;
        if (q.Length == 0)
        {
            return new SearchOutcome.Blank();
        }

        var problem = Uscc.Validate(q, out var uscc);
        if (problem.Kind == UsccErrorKind.None)
        {
            return new SearchOutcome.Enterprise(uscc.Value);
        }

        if (await trace.ExistsAsync(q, cancellationToken))
        {
            return new SearchOutcome.TraceCode(q);
        }

        if (LooksLikeUscc(q))
        {
            return new SearchOutcome.InvalidUscc(q, problem);
        }

        return TraceValidator.IsCode(q) ? new SearchOutcome.UnknownCode(q) : new SearchOutcome.Unrecognised(q);
    }

    /// <summary>18 characters, or 16–20 letters and digits starting with a digit (a USCC with a character too many or too few).</summary>
    private static bool LooksLikeUscc(string q)
        => q.Length == 18 || (q.Length is >= 16 and <= 20 && char.IsAsciiDigit(q[0]) && q.All(char.IsAsciiLetterOrDigit));
}

public sealed record EnterpriseCreditPage(PublicEnterprisePage Enterprise, string? Grade, DateTimeOffset? GradedAt, IReadOnlyList<ActivePublicEntry> ListEntries);

/// <summary>Where a search leads.</summary>
public abstract record SearchOutcome
{
    public sealed record Blank : SearchOutcome;

    public sealed record Enterprise(string Uscc) : SearchOutcome;

    public sealed record TraceCode(string Code) : SearchOutcome;

    /// <summary>Looks like a USCC but is not a valid one; <see cref="Error"/> says why.</summary>
    public sealed record InvalidUscc(string Query, UsccError Error) : SearchOutcome;

    /// <summary>Could be a trace code, but none is registered.</summary>
    public sealed record UnknownCode(string Query) : SearchOutcome;

    public sealed record Unrecognised(string Query) : SearchOutcome;
}
