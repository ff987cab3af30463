using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using CreditSharing.Core.Grading;

namespace CreditSharing.Core.Inspections;

/// <summary>
/// The draw of docs/grading.md (双随机), exactly, so that anyone holding the seed, the ratios and the
/// published population can redo it:
/// <list type="number">
/// <item>Each grade group of <c>n</c> with ratio <c>r</c> takes <c>k = floor(r × n)</c> enterprises, plus
/// one more when <c>u &lt; r × n − k</c>, where <c>u</c> is the first 8 bytes of
/// <c>SHA-256("{seed}:{grade}")</c> (UTF-8) read as a big-endian unsigned integer <c>U</c>, divided by 2^64.
/// Over many seeds a group inspects <c>r × n</c> on average, never a rounded-up share of a small group.</item>
/// <item>The comparison is exact: with <c>r</c> the decimal <c>R / 10^s</c>, <c>k = ⌊R·n / 10^s⌋</c>,
/// <c>f = R·n − k·10^s</c>, and one more is taken when <c>U · 10^s &lt; f · 2^64</c> (integers, no rounding).</item>
/// <item>The group's selection is the enterprises with the lowest <c>SHA-256("{seed}:{uscc}")</c>
/// (lower-case hex of the UTF-8 bytes, compared ordinally).</item>
/// </list>
/// </summary>
public static class InspectionDraw
{
    /// <summary>The rule this class draws by, stored and published with each plan (<c>drawRule</c>).</summary>
    public const string Rule = "floor-u";

    /// <summary>The rule of plans drawn before issue 20: <c>ceil(ratio × n)</c>, with no population published.</summary>
    public const string LegacyRule = "ceil";

    private static readonly BigInteger TwoTo64 = BigInteger.One << 64;

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
                var take = Count(ratios.GetValueOrDefault(g.Key), members.Count, GradeDraw(seed, g.Key));
                return members
                    .Select(e => (Entry: e, Key: Key(seed, e.Uscc)))
                    .OrderBy(x => x.Key, StringComparer.Ordinal)
                    .Take(take)
                    .Select(x => new PlanSelection(x.Entry.Uscc, x.Entry.Name, x.Entry.Grade));
            })
            .ToList();
    }

    /// <summary>How many of a group of <paramref name="n"/> are drawn: <c>floor(ratio × n)</c>, plus one when <c>u / 2^64 &lt; ratio × n − floor(ratio × n)</c>.</summary>
    public static int Count(decimal ratio, int n, ulong u)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ratio);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var (mantissa, scale) = Exact(ratio);
        var denominator = BigInteger.Pow(10, scale);
        var product = mantissa * n;
        var k = BigInteger.Divide(product, denominator);
        var fraction = product - (k * denominator);
        return (int)k + (new BigInteger(u) * denominator < fraction * TwoTo64 ? 1 : 0);
    }

    /// <summary><c>U</c>: the first 8 bytes of <c>SHA-256("{seed}:{grade}")</c> as a big-endian unsigned integer.</summary>
    public static ulong GradeDraw(string seed, string grade)
        => BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{grade}")));

    public static string Key(string seed, string uscc)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{uscc}")));

    /// <summary>A decimal as the integer <c>R</c> and scale <c>s</c> with value <c>R / 10^s</c>, without rounding.</summary>
    private static (BigInteger Mantissa, int Scale) Exact(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        return (mantissa, value.Scale);
    }
}
