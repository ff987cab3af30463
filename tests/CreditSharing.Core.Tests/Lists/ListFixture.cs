using CreditSharing.Core.Lists;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Tests.Grading;

namespace CreditSharing.Core.Tests.Lists;

/// <summary>A <see cref="ListService"/> over in-memory stores at a fixed time, its providers registered with every right.</summary>
internal class ListFixture(DateTimeOffset now, byte[] hmacKey, params string[] providers)
{
    public MemoryListEntryStore Entries { get; } = new();

    public MemoryPublicListStore PublicLists { get; } = new();

    public MemoryRepresentativeIndex Representatives { get; } = new();

    public MemoryListSnapshots Snapshots { get; } = new();

    public MemoryEnterpriseStore Enterprises { get; } = new();

    public RecordingGradeRequestQueue GradeRequests { get; } = new();

    public ListService Service => new(Entries, PublicLists, Representatives, Snapshots, Enterprises, GradeRequests, new IdentityHasher(hmacKey), CreditRules.Default, new FixedTimeProvider(now), new ProviderGate(MemoryProviderStore.WithEveryRight(providers)));

    public StoredListEntry Stored(string id) => Entries.Stored.Single(s => s.Entry.Id == id);
}
