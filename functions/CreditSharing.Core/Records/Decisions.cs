using System.Text;

namespace CreditSharing.Core.Records;

/// <summary>
/// One decision (决定) and the records that carry it: the deciding authority's own record and the
/// copies forwarding platforms send under their own <c>sourceId</c>. <see cref="Record"/> is the
/// canonical copy (the lowest record id, ordinal), the one grading, 信易贷 and the public page use.
/// </summary>
public sealed record Decision(CreditRecord Record, IReadOnlyList<CreditRecord> Copies)
{
    /// <summary>The record ids of every copy, ordinal order (the canonical one first).</summary>
    public IReadOnlyList<string> Sources => [.. Copies.Select(c => c.Id)];
}

/// <summary>An <c>active</c> arrears or 失信被执行人 decision ended by a later <c>cleared</c> record.</summary>
public sealed record DecisionEnd(string ByRecordId, string ByProviderId, DateOnly On);

/// <summary>
/// One fact, one count (docs/records.md "One decision, one count"). Every computation on an
/// enterprise's records (grading, 信易贷 eligibility, the public page, the record answers) groups
/// them here, so they agree on what is one decision and what has ended.
/// </summary>
public static class Decisions
{
    /// <summary>
    /// The key that makes records one decision: (enterprise, category, authority, document number),
    /// each normalised by <see cref="Normalise"/>. Null when the record has no document number:
    /// such a record is never merged with another.
    /// </summary>
    public static string? KeyOf(CreditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var documentNo = Normalise(record.DocumentNo);
        return documentNo.Length == 0 ? null : string.Join('\n', record.Uscc, record.Category, Normalise(record.Authority), documentNo);
    }

    /// <summary>
    /// Groups records into decisions: records sharing a <see cref="KeyOf"/> are one; a record without
    /// a key is a decision of its own. Ordered by canonical record id.
    /// </summary>
    public static IReadOnlyList<Decision> Group(IEnumerable<CreditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records
            .GroupBy(r => KeyOf(r) ?? "\u0001" + r.Uscc + "\n" + r.Id, StringComparer.Ordinal)
            .Select(g =>
            {
                var copies = g.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
                return new Decision(copies[0], copies);
            })
            .OrderBy(d => d.Record.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The <c>active</c> decisions that a <c>cleared</c> record ends, by canonical record id: a
    /// <c>cleared</c> record of the same enterprise and category (社保欠费, 水电气暖欠费, 失信被执行人: the
    /// categories whose outcome is <c>active</c>/<c>cleared</c>), from a provider that sent a copy
    /// of the active decision, decided on or after it. The earliest such record ends it.
    /// </summary>
    public static IReadOnlyDictionary<string, DecisionEnd> Ended(IReadOnlyList<Decision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var cleared = decisions.Where(d => d.Record.Outcome == "cleared").Select(d => d.Record).ToList();
        var ended = new Dictionary<string, DecisionEnd>(StringComparer.Ordinal);
        if (cleared.Count == 0)
        {
            return ended;
        }

        foreach (var decision in decisions.Where(d => d.Record.Outcome == "active"))
        {
            var active = decision.Record;
            var providers = decision.Copies.Select(c => c.ProviderId).ToHashSet(StringComparer.Ordinal);
            var end = cleared
                .Where(c => c.Uscc == active.Uscc && c.Category == active.Category && providers.Contains(c.ProviderId) && c.DecisionDate >= active.DecisionDate)
                .OrderBy(c => c.DecisionDate)
                .ThenBy(c => c.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            if (end is not null)
            {
                ended[active.Id] = new DecisionEnd(end.Id, end.ProviderId, end.DecisionDate);
            }
        }

        return ended;
    }

    /// <summary>
    /// What counts on <paramref name="asOf"/>: the records decided by then, one (canonical) record per
    /// decision, without the <c>active</c> decisions a <c>cleared</c> record has ended by then.
    /// Applying it to its own result changes nothing.
    /// </summary>
    public static List<CreditRecord> Counting(IEnumerable<CreditRecord> records, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(records);
        var decisions = Group(records.Where(r => r.DecisionDate <= asOf));
        var ended = Ended(decisions);
        return [.. decisions.Where(d => !ended.ContainsKey(d.Record.Id)).Select(d => d.Record)];
    }

    /// <summary>
    /// Text compared for sameness: trimmed, Unicode NFKC (full-width letters, digits and brackets
    /// become half-width: <c>（２０２６）</c> is <c>(2026)</c>), white space removed, and the
    /// bracket pairs <c>[]</c>, <c>()</c>, <c>【】</c>, <c>〔〕</c> written alike, so 驻市监罚[2026]12号
    /// and 驻市监罚〔2026〕12号 (GB/T 9704-2012 writes the year in 〔〕) are one 文号. Nothing else
    /// (case, leading zeros, 第) is changed.
    /// </summary>
    public static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var normalised = text.Trim().Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normalised.Length);
        foreach (var c in normalised)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            builder.Append(c switch
            {
                '[' or '(' or '【' => '〔',
                ']' or ')' or '】' => '〕',
                _ => c,
            });
        }

        return builder.ToString();
    }
}
