using System.Security.Cryptography;
using System.Text;

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

/// <summary>Body of <c>POST /api/lists/entries</c>.</summary>
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
    string? SourceId);

/// <summary>Body of a credit repair (信用修复) of an entry or a record.</summary>
public sealed record RepairInput(string? Reason, string? DocumentNo, string? Commitment);

/// <summary>Something that happened to an entry: listed, repaired, expired. Nothing is ever deleted.</summary>
public sealed record ListEntryEvent(string Action, DateTimeOffset At, string By, string? Reason, string? DocumentNo, string? Commitment);

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
    bool Disputed = false)
{
    public bool IsActiveOn(DateOnly day) => DecidedOn <= day && day <= ExpiresOn && (EndedOn is null || day < EndedOn);
}

public static class ListEntryId
{
    /// <summary>The entry id is derived from (provider, sourceId), so a repeated submission finds the same row.</summary>
    public static string Of(string providerId, string sourceId)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{providerId}\n{sourceId}")))[..24];
}

public sealed record StoredListEntry(ListEntry Entry, string? Version);

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

public sealed record PublishReport(DateOnly Date, int Expired, int Red, int Black);

public sealed record ListEntryReceipt(string EntryId, string Uscc, bool Created);
