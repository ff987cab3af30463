using CreditSharing.Core.Grading;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;
using CsCheck;

namespace CreditSharing.Core.Tests.Grading;

/// <summary>
/// Properties of <see cref="GradeEngine.Evaluate"/> with the shipped rules over generated record
/// sets and list entries: the score stays within 0–1000 and adds up from its factors, and a higher
/// score never gets a worse grade.
/// </summary>
public sealed class GradeEnginePropertyTests
{
    private const string Uscc = "91411702MA6ULN0X2U";

    private static readonly DateOnly AsOf = new(2026, 11, 26);

    private static CreditRules Rules => CreditRules.Default;

    /// <summary>A record of any category with one of its allowed qualifiers, decided up to six years back (or, ignored, a little ahead).</summary>
    private static readonly Gen<Func<int, CreditRecord>> RecordMaker =
        Gen.OneOf(RecordCategories.All.Values.ToArray()).SelectMany(spec => Gen.Select(
            spec.AllowedValues.Count == 0 ? Gen.Const((string?)null) : Gen.OneOf(spec.AllowedValues.Select(v => (string?)v).ToArray()),
            Gen.Int[-6 * 366, 30],
            Gen.Int[0, 4 * 366].Nullable(0.7),
            Gen.OneOf(RecordCategories.DisclosureTiers.ToArray()),
            (qualifier, decidedOffset, validDays, disclosure) => (Func<int, CreditRecord>)(index =>
            {
                var decided = AsOf.AddDays(decidedOffset);
                return new CreditRecord(
                    index % 3 == 0 ? "zmd-tax" : "zmd-amr",
                    $"P-{index:D3}",
                    Uscc,
                    spec.Name,
                    $"{spec.Name} {index}",
                    null,
                    decided,
                    spec.NeedsDocument ? $"驻〔2026〕{index}号" : null,
                    "驻马店市信用信息共享平台测试部门",
                    null,
                    null,
                    spec.QualifierField == RecordCategories.Severity ? qualifier : null,
                    spec.QualifierField == RecordCategories.Outcome ? qualifier : null,
                    spec.QualifierField == RecordCategories.Rating ? qualifier : null,
                    null,
                    validDays is { } days ? decided.AddDays(days) : null,
                    disclosure);
            })));

    private static readonly Gen<CreditRecord[]> Records = RecordMaker.Array[0, 40].Select(makers => makers.Select((make, i) => make(i)).ToArray());

    private static readonly Gen<ListEntrySnapshot> Entry = Gen.Select(
        Gen.OneOf("red", "black", "watch"),
        Gen.Int[-4 * 366, 30],
        Gen.Int[0, 3 * 366],
        Gen.Int[0, 3 * 366].Nullable(0.7),
        Gen.Int[0, 999],
        (listType, decidedOffset, length, endedAfter, id) =>
        {
            var decided = AsOf.AddDays(decidedOffset);
            return new ListEntrySnapshot($"E-{id:D3}", listType, decided, decided.AddDays(length), endedAfter is { } e ? decided.AddDays(e) : null);
        });

    private static readonly Gen<ListEntrySnapshot[]> Entries = Entry.Array[0, 4];

    private static int Rank(string grade) => GradingRules.Grades.ToList().IndexOf(grade);

    [Fact]
    public void KeepsEveryScoreWithinZeroToOneThousandWithAKnownGrade()
        => Gen.Select(Records, Entries).Sample((records, entries) =>
        {
            var result = GradeEngine.Evaluate(records, entries, AsOf, Rules);

            Assert.InRange(result.Score, 0, 1000);
            Assert.InRange(result.Score, Rules.Grading.MinScore, Rules.Grading.MaxScore);
            Assert.Contains(result.Grade, GradingRules.Grades);
        });

    [Fact]
    public void AddsTheScoreUpFromItsFactorsThenClamps()
        => Gen.Select(Records, Entries).Sample((records, entries) =>
        {
            var result = GradeEngine.Evaluate(records, entries, AsOf, Rules);

            Assert.Equal(Math.Clamp(Rules.Grading.BaseScore + result.Factors.Sum(f => f.Points), 0, 1000), result.Score);
        });

    [Fact]
    public void NeverGivesAHigherScoreAWorseGradeUnderTheSameListEntries()
        => Gen.Select(Records, Records, Entries).Sample((first, second, entries) =>
        {
            var a = GradeEngine.Evaluate(first, entries, AsOf, Rules);
            var b = GradeEngine.Evaluate(second, entries, AsOf, Rules);

            var (lower, higher) = a.Score <= b.Score ? (a, b) : (b, a);
            Assert.True(
                Rank(higher.Grade) <= Rank(lower.Grade),
                $"score {higher.Score} got {higher.Grade} but score {lower.Score} got {lower.Grade}");
        });

    [Fact]
    public void NeverGivesAHigherScoreAWorseBand()
        => Gen.Select(Gen.Int[Rules.Grading.MinScore, Rules.Grading.MaxScore], Gen.Int[Rules.Grading.MinScore, Rules.Grading.MaxScore])
            .Sample((x, y) =>
            {
                var (lower, higher) = x <= y ? (x, y) : (y, x);

                Assert.True(Rank(Rules.Grading.GradeOf(higher)) <= Rank(Rules.Grading.GradeOf(lower)), $"{higher} → {Rules.Grading.GradeOf(higher)}, {lower} → {Rules.Grading.GradeOf(lower)}");
            });

    [Fact]
    public void GivesDWhileABlackEntryIsActiveWhateverTheRecords()
        => Gen.Select(Records, Entries).Sample((records, entries) =>
        {
            var black = new ListEntrySnapshot("E-BLACK", "black", AsOf.AddDays(-10), AsOf.AddYears(1), null);

            var result = GradeEngine.Evaluate(records, [.. entries, black], AsOf, Rules);

            Assert.Equal("D", result.Grade);
        });

    [Fact]
    public void IgnoresTheOrderOfRecordsAndEntries()
        => Gen.Select(Records, Entries, Gen.Int).Sample((records, entries, seed) =>
        {
            var random = new Random(seed);
            var shuffledRecords = records.OrderBy(_ => random.Next()).ToArray();
            var shuffledEntries = entries.OrderBy(_ => random.Next()).ToArray();

            var result = GradeEngine.Evaluate(records, entries, AsOf, Rules);
            var shuffled = GradeEngine.Evaluate(shuffledRecords, shuffledEntries, AsOf, Rules);

            Assert.Equal(result.Score, shuffled.Score);
            Assert.Equal(result.Grade, shuffled.Grade);
            Assert.Equal(result.Factors.Select(f => (f.Rule, f.Points, string.Join(',', f.RecordIds))), shuffled.Factors.Select(f => (f.Rule, f.Points, string.Join(',', f.RecordIds))));
        });
}
