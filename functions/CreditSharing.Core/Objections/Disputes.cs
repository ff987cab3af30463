namespace CreditSharing.Core.Objections;

/// <summary>
/// Which of an enterprise's records and list entries carry an open objection (异议处理中): computed
/// when read, from the enterprise's objections (one partition read), never copied into other tables.
/// A disputed target still counts until the objection is decided.
/// </summary>
public sealed class Disputes(IObjectionStore objections)
{
    public async Task<DisputedTargets> OfAsync(string uscc, CancellationToken cancellationToken)
    {
        var open = (await objections.ListAsync(uscc, cancellationToken)).Select(s => s.Objection).Where(o => o.Decision is null).ToList();
        return open.Count == 0
            ? DisputedTargets.None
            : new DisputedTargets(
                open.Where(o => o.Target.Kind == ObjectionKinds.Record).Select(o => o.Target.Id).ToHashSet(StringComparer.Ordinal),
                open.Where(o => o.Target.Kind == ObjectionKinds.ListEntry).Select(o => o.Target.Id).ToHashSet(StringComparer.Ordinal));
    }
}

/// <summary>The ids of an enterprise's records and list entries under an open objection.</summary>
public sealed record DisputedTargets(IReadOnlySet<string> Records, IReadOnlySet<string> ListEntries)
{
    public static DisputedTargets None { get; } = new(new HashSet<string>(), new HashSet<string>());

    public bool IsEmpty => Records.Count == 0 && ListEntries.Count == 0;

    /// <summary>Whether <paramref name="id"/> (a record id or a list entry id) is disputed.</summary>
    public bool Contains(string id) => Records.Contains(id) || ListEntries.Contains(id);

    /// <summary>The disputed ids among <paramref name="ids"/>, in their order, each once.</summary>
    public IReadOnlyList<string> Among(IEnumerable<string> ids) => ids.Where(Contains).Distinct(StringComparer.Ordinal).ToList();
}
