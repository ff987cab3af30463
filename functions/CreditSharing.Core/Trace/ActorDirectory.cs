using System.Collections.Concurrent;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Trace;

/// <summary>
/// Names, grades and list warnings of the actors in a chain, cached briefly: a popular product is
/// scanned many times a minute and its actors' credit changes far more slowly than that. Only what
/// the public may see: the black list and grade D, never the watch list (重点关注 is never public).
/// </summary>
public sealed class ActorDirectory(GradeReviews grades, IListEntryReader lists, IEnterpriseStore enterprises, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (ActorView View, DateTimeOffset Until)> cache = new(StringComparer.Ordinal);

    public async Task<ActorView> GetAsync(string uscc, CancellationToken cancellationToken)
    {
        if (uscc == TraceVocabulary.RegulatorActor)
        {
            // A recall or annulment by a Regulator whose token named no USCC: no enterprise to look up.
            return new ActorView(uscc, "监管部门", null, []);
        }

        var now = clock.GetUtcNow();
        if (cache.TryGetValue(uscc, out var hit) && hit.Until > now)
        {
            return hit.View;
        }

        // A grade past its review date is re-computed before a scan shows it.
        var gradeTask = grades.CurrentAsync(uscc, cancellationToken);
        var entriesTask = lists.GetEntriesAsync(uscc, cancellationToken);
        var profileTask = enterprises.GetAsync(uscc, cancellationToken);
        await Task.WhenAll(gradeTask, entriesTask, profileTask);
        var grade = (await gradeTask)?.Snapshot.Result.Grade;
        var today = CityClock.Today(clock);
        var warnings = new List<string>();
        var active = (await entriesTask).Where(e => e.IsActiveOn(today)).ToList();
        if (active.Any(e => e.ListType == "black"))
        {
            warnings.Add(ActorWarnings.BlackList);
        }

        if (grade == "D")
        {
            warnings.Add(ActorWarnings.GradeD);
        }

        var view = new ActorView(uscc, (await profileTask)?.Profile.Name, grade, warnings);
        cache[uscc] = (view, now + CacheFor);
        return view;
    }
}
