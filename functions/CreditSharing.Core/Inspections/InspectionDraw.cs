using System.Security.Cryptography;
using System.Text;
using CreditSharing.Core.Grading;

namespace CreditSharing.Core.Inspections;

/// <summary>
/// The draw of docs/grading.md, exactly: in each grade, the <c>ceil(ratio × n)</c> enterprises with the
/// lowest <c>SHA-256("{seed}:{uscc}")</c> (lower-case hex of the UTF-8 bytes). Anyone holding the
/// seed and the population can recompute it.
/// </summary>
public static class InspectionDraw
{
    public static IReadOnlyList<PlanSelection> Select(IEnumerable<GradeListItem> population, string seed, IReadOnlyDictionary<string, decimal> ratios)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(ratios);
        return population
            .GroupBy(e => e.Grade, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g =>
            {
                var members = g.ToList();
                var take = (int)Math.Ceiling(ratios.GetValueOrDefault(g.Key) * members.Count);
                return members
                    .Select(e => (Entry: e, Key: Key(seed, e.Uscc)))
                    .OrderBy(x => x.Key, StringComparer.Ordinal)
                    .Take(take)
                    .Select(x => new PlanSelection(x.Entry.Uscc, x.Entry.Name, x.Entry.Grade));
            })
            .ToList();
    }

    public static string Key(string seed, string uscc)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{uscc}")));
}
