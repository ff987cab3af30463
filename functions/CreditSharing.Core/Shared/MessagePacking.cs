using System.Text.Json;

namespace CreditSharing.Core.Shared;

/// <summary>
/// Packs items into queue messages by bytes (credit records, trace events, enterprise profiles):
/// a queue message holds 64 KiB and base64 costs a third, so each message's JSON stays under
/// <see cref="MaxMessageJsonBytes"/>, whatever the items' sizes.
/// </summary>
public static class MessagePacking
{
    public const int MaxMessageJsonBytes = Records.RecordService.MaxMessageJsonBytes;

    /// <summary>The bytes of a message with no items: its ids and brackets count too.</summary>
    public static int EnvelopeBytes<T>(T emptyMessage) => JsonSerializer.SerializeToUtf8Bytes(emptyMessage, WireJson.Options).Length;

    /// <summary>Consecutive chunks, each at most <paramref name="maxItems"/> items whose JSON (one comma each) fits the budget with the envelope.</summary>
    public static IEnumerable<IReadOnlyList<T>> Pack<T>(IEnumerable<T> items, int envelopeBytes, int maxItems = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(items);
        var chunk = new List<T>();
        var size = envelopeBytes;
        foreach (var item in items)
        {
            var itemSize = JsonSerializer.SerializeToUtf8Bytes(item, WireJson.Options).Length + 1;
            if (chunk.Count > 0 && (size + itemSize > MaxMessageJsonBytes || chunk.Count >= maxItems))
            {
                yield return chunk;
                chunk = [];
                size = envelopeBytes;
            }

            chunk.Add(item);
            size += itemSize;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}
