using CreditSharing.Core.Commitments;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Tests.Records;

namespace CreditSharing.Core.Tests.Commitments;

public sealed class CommitmentBreachesTests
{
    private const string Uscc = "91411702MA6ULN0X2U";
    private static readonly DateOnly Signed = new(2026, 3, 1);

    private static Commitment Signing(DateOnly? dueOn, string id = "c1")
        => new(id, Uscc, CommitmentKinds.Voluntary, "依法诚信经营", new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero), Signed, dueOn, null, true, "e");

    private static CreditRecord PenaltyOn(DateOnly decided, string sourceId = "p1")
        => SampleRecords.Penalty(Uscc, sourceId) with { DecisionDate = decided };

    [Fact]
    public void A_penalty_decided_inside_the_window_breaches_and_names_the_record()
    {
        var penalty = PenaltyOn(new DateOnly(2026, 4, 1));

        var (status, by) = CommitmentBreaches.StatusOf(Signing(new DateOnly(2026, 12, 31)), [penalty], new DateOnly(2026, 5, 1));

        Assert.Equal((CommitmentStatuses.Breached, penalty.Id), (status, by));
    }

    [Theory]
    [InlineData(2026, 2, 28)]
    [InlineData(2026, 3, 1)]
    [InlineData(2027, 1, 1)]
    public void A_penalty_decided_before_after_signing_day_or_after_due_does_not_breach(int y, int m, int d)
    {
        var (status, by) = CommitmentBreaches.StatusOf(Signing(new DateOnly(2026, 12, 31)), [PenaltyOn(new DateOnly(y, m, d))], new DateOnly(2026, 6, 1));

        Assert.Equal((CommitmentStatuses.Active, (string?)null), (status, by));
    }

    [Fact]
    public void Without_a_due_date_any_later_penalty_breaches()
    {
        Assert.Equal(CommitmentStatuses.Breached, CommitmentBreaches.StatusOf(Signing(null), [PenaltyOn(new DateOnly(2030, 1, 1))], new DateOnly(2030, 2, 1)).Status);
    }

    [Fact]
    public void Other_categories_do_not_breach_and_a_passed_due_date_is_fulfilled()
    {
        var notPenalty = PenaltyOn(new DateOnly(2026, 4, 1)) with { Category = RecordCategories.License, Severity = null, Outcome = "granted" };

        var (status, by) = CommitmentBreaches.StatusOf(Signing(new DateOnly(2026, 12, 31)), [notPenalty], new DateOnly(2027, 1, 1));

        Assert.Equal((CommitmentStatuses.Fulfilled, (string?)null), (status, by));
    }

    [Fact]
    public void A_breached_commitment_is_a_grade_factor_with_the_rules_points()
    {
        var penalty = PenaltyOn(new DateOnly(2026, 4, 1));
        var asOf = new DateOnly(2026, 5, 1);

        var without = GradeEngine.Evaluate([penalty], [], asOf, CreditRules.Default, []);
        var with = GradeEngine.Evaluate([penalty], [], asOf, CreditRules.Default, [Signing(new DateOnly(2026, 12, 31))]);

        var factor = Assert.Single(with.Factors, f => f.Rule == "commitment-breach");
        Assert.Equal(CreditRules.Default.Commitments!.BreachPoints, factor.Points);
        Assert.Equal(["c1"], factor.RecordIds);
        Assert.Equal(without.Score + CreditRules.Default.Commitments.BreachPoints, with.Score);
    }

    [Fact]
    public void An_unbreached_commitment_leaves_the_grade_alone()
    {
        var penalty = PenaltyOn(new DateOnly(2026, 2, 1));
        var asOf = new DateOnly(2026, 5, 1);

        var result = GradeEngine.Evaluate([penalty], [], asOf, CreditRules.Default, [Signing(null)]);

        Assert.DoesNotContain(result.Factors, f => f.Rule == "commitment-breach");
    }
}
