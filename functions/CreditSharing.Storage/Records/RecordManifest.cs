using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using CreditSharing.Core.Records;

namespace CreditSharing.Storage.Records;

/// <summary>
/// Row <c>!records</c> of each <c>Records</c> partition: one property per record holding what
/// computations read of it (everything but <c>Content</c> and <c>LegalBasis</c>), so grading and
/// eligibility read an enterprise's records with one point read instead of a partition query.
/// Every record write merges its properties into this row in the same entity group transaction, so
/// the row never disagrees with the records; a merge needs no read first, and writers of different
/// records of one enterprise do not conflict.
/// <para>
/// Why: docs/decisions/0001-records-manifest-row.md
/// </para>
/// <para>
/// The row is trusted only when it says <see cref="Complete"/>: written so by writers once the table
/// is known to hold no record older than manifests (<see cref="MarkerPartition"/>), or by a reader
/// that rebuilt it from a partition query. An entity holds at most 252 properties and 1 MiB; a
/// write the service refuses as too large turns the row into <see cref="Overflow"/>, and that
/// enterprise's records are then read by query.
/// </para>
/// </summary>
public static class RecordManifest
{
    /// <summary>Record ids are <c>{provider}~{source}</c>, so a key without '~' is never one.</summary>
    public const string RowKey = "!records";

    public const string Complete = "Complete";

    public const string Overflow = "Overflow";

    /// <summary>USCCs are 18 letters and digits, so this partition is never an enterprise's.</summary>
    public const string MarkerPartition = "!";

    /// <summary>Present when every record in the table was written with its manifest (the table was empty when manifests began).</summary>
    public const string MarkerRowKey = "manifests";

    /// <summary>A filter for the record rows alone, for anyone reading the whole table (operators' tools, tests).</summary>
    public static readonly string RecordRowsFilter = TableClient.CreateQueryFilter($"PartitionKey ne {MarkerPartition} and RowKey ne {RowKey}");

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Stored, never rendered: Chinese text kept as itself is a third of its escaped size.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The properties of <paramref name="records"/>, to merge into the partition's row.</summary>
    public static TableEntity Merge(string partition, IEnumerable<StoredRecord> records, bool complete)
    {
        var row = new TableEntity(partition, RowKey);
        foreach (var stored in records)
        {
            row[PropertyOf(stored.Record.Id)] = Encode(stored);
        }

        if (complete)
        {
            row[Complete] = true;
        }

        return row;
    }

    /// <summary>A whole row, built from every record of the partition.</summary>
    public static TableEntity Whole(string partition, IEnumerable<StoredRecord> records) => Merge(partition, records, complete: true);

    /// <summary>The row that sends readers to a partition query: its records no longer fit one entity.</summary>
    public static TableEntity Overflowed(string partition) => new(partition, RowKey) { [Complete] = true, [Overflow] = true };

    /// <summary>The partition's records, or null when the row cannot be trusted to hold them all.</summary>
    public static IReadOnlyList<RecordFacts>? Read(TableEntity row, string uscc)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.GetBoolean(Complete) != true || row.GetBoolean(Overflow) == true)
        {
            return null;
        }

        var facts = new List<RecordFacts>();
        foreach (var (name, value) in row)
        {
            if (name.StartsWith('r') && name.Length == PropertyLength && value is string text)
            {
                facts.Add(Decode(text, uscc));
            }
        }

        return facts;
    }

    /// <summary>Whether the service refused a write for the size of an entity: too many properties, or over 1 MiB.</summary>
    public static bool IsTooLarge(Azure.RequestFailedException exception)
        => exception.Status == 400 && exception.ErrorCode is "TooManyProperties" or "EntityTooLarge" or "PropertyValueTooLarge" or "RequestBodyTooLarge";

    private const int PropertyLength = 25;

    /// <summary>A property name from the record id: ids hold characters a property name may not, so a hash of it (96 bits: no collision among an enterprise's records).</summary>
    public static string PropertyOf(string id) => "r" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..(PropertyLength - 1)];

    private static string Encode(StoredRecord stored)
    {
        var r = stored.Record;
        return JsonSerializer.Serialize(
            new Entry(r.ProviderId, r.SourceId, r.Category, r.Title, r.DecisionDate, r.DocumentNo, r.Authority, r.AuthorityUscc, r.Severity, r.Outcome, r.Rating, r.Amount, r.ValidUntil, r.Disclosure, stored.Repair?.On, r.Scheme, stored.Withdrawn is { } w ? RecordService.WithdrawnOn(w) : null),
            Json);
    }

    private static RecordFacts Decode(string text, string uscc)
    {
        var e = JsonSerializer.Deserialize<Entry>(text, Json) ?? throw new InvalidOperationException($"An empty manifest entry in partition {uscc}.");
        return new RecordFacts(
            new CreditRecord(e.ProviderId, e.SourceId, uscc, e.Category, e.Title, null, e.DecisionDate, e.DocumentNo, e.Authority, e.AuthorityUscc, null, e.Severity, e.Outcome, e.Rating, e.Amount, e.ValidUntil, e.Disclosure, e.Scheme),
            e.RepairedOn,
            e.WithdrawnOn);
    }

    /// <summary>Short names: the row holds one of these per record, within 1 MiB.</summary>
    private sealed record Entry(
        [property: JsonPropertyName("p")] string ProviderId,
        [property: JsonPropertyName("s")] string SourceId,
        [property: JsonPropertyName("c")] string Category,
        [property: JsonPropertyName("t")] string Title,
        [property: JsonPropertyName("d")] DateOnly DecisionDate,
        [property: JsonPropertyName("n")] string? DocumentNo,
        [property: JsonPropertyName("a")] string Authority,
        [property: JsonPropertyName("au")] string? AuthorityUscc,
        [property: JsonPropertyName("v")] string? Severity,
        [property: JsonPropertyName("o")] string? Outcome,
        [property: JsonPropertyName("r")] string? Rating,
        [property: JsonPropertyName("m")] decimal? Amount,
        [property: JsonPropertyName("u")] DateOnly? ValidUntil,
        [property: JsonPropertyName("x")] string Disclosure,
        [property: JsonPropertyName("rp")] DateOnly? RepairedOn,
        [property: JsonPropertyName("sc")] string? Scheme = null,
        [property: JsonPropertyName("wd")] DateOnly? WithdrawnOn = null);
}
