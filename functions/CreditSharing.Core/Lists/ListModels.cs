using System.Security.Cryptography;
using System.Text;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Lists;

public static class ListTypes
{
    public const string Red = "red";
    public const string Black = "black";
    public const string Watch = "watch";

    public static readonly IReadOnlyList<string> All = [Red, Black, Watch];

    /// <summary>Watch-list entries are for regulators only; red and black lists are published.</summary>
    public static bool IsPublic(string listType) => listType is Red or Black;
}

/// <summary>Durations of each list (rules file section <c>lists</c>).</summary>
public sealed record ListRules(ListDuration Black, ListDuration Red, ListDuration Watch)
{
    public ListDuration For(string listType) => listType switch
    {
        ListTypes.Black => Black,
        ListTypes.Red => Red,
        ListTypes.Watch => Watch,
        _ => throw new ArgumentOutOfRangeException(nameof(listType), listType, "Unknown list."),
    };
}

public sealed record ListDuration(int MinYears, int MaxYears, int RepairAfterYears);

/// <summary>Body of <c>POST /api/lists/entries</c>. <c>basisRecordIds</c>: the records (penalties) the decision rests on, at most 20.</summary>
public sealed record ListEntryInput(
    string? ListType,
    string? Uscc,
    string? Reason,
    string? Authority,
    string? AuthorityUscc,
    string? DocumentNo,
    string? DecidedOn,
    string? ExpiresOn,
    bool? LegalRepresentativeIncluded,
    string? SourceId,
    IReadOnlyList<string>? BasisRecordIds = null);

/// <summary>
/// Something that happened to an entry: listed, corrected, repaired, expired, withdrawn. Nothing is
/// ever deleted. A <c>corrected</c> event carries in <paramref name="Previous"/> the values the
/// correction replaced (field name to its earlier value, as the API writes it). A repair keeps its
/// commitment, whether the obligations were fulfilled and its evidence (<see cref="Shared.Repairs"/>).
/// </summary>
public sealed record ListEntryEvent(string Action, DateTimeOffset At, string By, string? Reason, string? DocumentNo, Shared.RepairCommitment? Commitment, IReadOnlyDictionary<string, string?>? Previous = null, bool? ObligationsFulfilled = null, IReadOnlyList<string>? Evidence = null);

public sealed record ListEntry(
    string Id,
    string Uscc,
    string ListType,
    string Reason,
    string Authority,
    string? AuthorityUscc,
    string DocumentNo,
    DateOnly DecidedOn,
    DateOnly ExpiresOn,
    bool LegalRepresentativeIncluded,
    string ProviderId,
    string SourceId,
    DateOnly? EndedOn,
    string? EndReason,
    IReadOnlyList<ListEntryEvent> History,
    int Revision = 1,
    IReadOnlyList<string>? BasisRecordIds = null,
    Withdrawal? Withdrawn = null,
    bool Disputed = false)
{
    public bool IsActiveOn(DateOnly day) => DecidedOn <= day && day <= ExpiresOn && (EndedOn is null || day < EndedOn);
}

/// <summary>The decisions on an entry, as history actions and pending flags.</summary>
public static class ListDecisions
{
    public const string Listed = "listed";
    public const string Corrected = "corrected";
    public const string Withdrawn = "withdrawn";
}

public static class ListEntryId
{
    /// <summary>The entry id is derived from (provider, sourceId), so a repeated submission finds the same row.</summary>
    public static string Of(string providerId, string sourceId)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{providerId}\n{sourceId}")))[..24];
}

/// <summary>
/// An entry as stored. <paramref name="Pending"/> names the decision (<c>listed</c>, <c>corrected</c>,
/// <c>withdrawn</c>, a basis end) whose first write is done but whose
/// follow-ups (red entries ended under a black one, the public list row, the representative index
/// row, the re-grade request) are not known to be; the writer clears it once they are, and a retry
/// or the daily run completes what is left.
/// </summary>
public sealed record StoredListEntry(ListEntry Entry, string? Version, string? Pending = null);

/// <summary>
/// What adding an entry found: <paramref name="Added"/> (with the new row's <paramref name="Version"/>),
/// or the entry id already stored under <paramref name="Uscc"/> (the same enterprise or another).
/// </summary>
public sealed record ListEntryAddResult(bool Added, string Uscc, string? Version = null);

/// <summary>A row of a public list (红黑榜): what anyone may read; never an ID number.</summary>
public sealed record PublicListItem(
    string Uscc,
    string? Name,
    string? County,
    string? CountyName,
    string EntryId,
    string Reason,
    string Authority,
    string DocumentNo,
    DateOnly DecidedOn,
    DateOnly ExpiresOn);

/// <summary>An enterprise's active entry on a public list (红榜 or 黑榜).</summary>
public sealed record ActivePublicEntry(string ListType, PublicListItem Entry);

/// <summary>An active entry found through the legal representative's ID number (联合惩戒 of the responsible person).</summary>
public sealed record RepresentativeMatch(string Uscc, string? EnterpriseName, string RepresentativeName, string IdNumberMasked, ListEntry Entry);

public sealed record PublishReport(DateOnly Date, int Expired, int Red, int Black, PublishMends Mended);

/// <summary>What the daily run had to mend: public rows missing, left behind or stale, and decisions whose follow-ups it completed.</summary>
public sealed record PublishMends(int PublicRowsAdded, int PublicRowsRemoved, int PublicRowsUpdated, int PendingCompleted);

/// <summary>Answer of <c>POST /api/lists/entries</c>; <paramref name="Revision"/> counts corrections (1 for the first version).</summary>
public sealed record ListEntryReceipt(string EntryId, string Uscc, bool Created, int Revision = 1);
