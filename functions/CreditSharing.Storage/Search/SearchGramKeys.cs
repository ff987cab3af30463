using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Azure.Data.Tables;
using CreditSharing.Core.Search;

namespace CreditSharing.Storage.Search;

/// <summary>
/// Table <c>SearchGrams</c>: PartitionKey = the gram of 2–4 characters (characters a key may not hold, and '~',
/// escaped as <c>~XXXX</c>), RowKey = <c>g</c>. Properties: <c>Common</c> (bool), <c>Count</c>,
/// and the postings as a JSON array split over <c>P0</c>…<c>P9</c> (at most 30,000 characters each).
/// </summary>
public static class SearchGramKeys
{
    public const string RowKey = "g";

    public const string Common = "Common";

    public const string Count = "Count";

    public const int ChunkChars = 30_000;

    public const int MaxChunks = 10;

    /// <summary>
    /// CJK written as itself, not <c>\uXXXX</c>: a third of the bytes a row costs to store, send and parse
    /// (rows written escaped read the same). Characters outside the BMP stay escaped, so a chunk never
    /// splits a surrogate pair.
    /// </summary>
    private static readonly JsonSerializerOptions PostingJsonOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string PartitionKey(string gram)
    {
        ArgumentException.ThrowIfNullOrEmpty(gram);
        var builder = new StringBuilder(gram.Length);
        foreach (var c in gram)
        {
            if (c is '/' or '\\' or '#' or '?' or '~' || char.IsControl(c))
            {
                builder.Append('~').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static GramRow Read(string gram, TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.GetBoolean(Common) == true)
        {
            return new GramRow(gram, true, []);
        }

        var json = new StringBuilder();
        for (var i = 0; i < MaxChunks && entity.GetString($"P{i}") is { } chunk; i++)
        {
            json.Append(chunk);
        }

        var postings = json.Length == 0 ? [] : JsonSerializer.Deserialize<List<PostingJson>>(json.ToString()) ?? [];
        return new GramRow(gram, false, [.. postings.Select(p => new GramPosting(p.U, p.C, p.N, p.G))]);
    }

    public static TableEntity Write(GramRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var entity = new TableEntity(PartitionKey(row.Gram), RowKey)
        {
            [Common] = row.Common,
            [Count] = row.Postings.Count,
        };
        if (!row.Common)
        {
            var json = JsonSerializer.Serialize(row.Postings.Select(p => new PostingJson(p.Uscc, p.County, p.Names, p.Grade)).ToList(), PostingJsonOptions);
            for (var i = 0; i * ChunkChars < json.Length; i++)
            {
                if (i >= MaxChunks)
                {
                    throw new InvalidOperationException($"The row of gram {row.Gram} would exceed {MaxChunks * ChunkChars} characters.");
                }

                entity[$"P{i}"] = json.Substring(i * ChunkChars, Math.Min(ChunkChars, json.Length - (i * ChunkChars)));
            }
        }

        return entity;
    }

    /// <summary>U: USCC, C: county, N: names (current first), G: current grade letter (absent in rows written before it).</summary>
    private sealed record PostingJson(string U, string? C, IReadOnlyList<string> N, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? G = null);
}
