using CreditSharing.Core.Rules;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Trace;

/// <summary>The cold-chain profiles of the rules file and the verdict over events and logger series.</summary>
public sealed class ColdChainTests
{
    private const string Producer = "91411702MA6ULN0X2U";
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    private static ColdChainRules Rules => CreditRules.Default.Trace.ColdChain;

    private static TraceProduct Product(string category, string storage, TemperatureRange? declared = null)
        => new("ZMD-COLD-0001", category, "产品", null, null, null, Producer, storage, [], T0, "test", null, declared);

    private static TraceEvent Event(string step, decimal? c, IReadOnlyList<TemperatureReading>? readings = null, int seq = 1, int hour = 0)
        => new(seq, step, Producer, T0.AddHours(hour), "冷库", c, [], $"S-{seq}", T0, "p", "h", readings is null ? null : new TraceEventDetails(Readings: readings));

    /// <summary>One reading a minute for <paramref name="minutes"/> minutes from <paramref name="from"/>, at <paramref name="inRange"/> except in [outFrom, outTo) where it is <paramref name="outside"/>.</summary>
    private static List<TemperatureReading> Series(DateTimeOffset from, int minutes, decimal inRange, params (int OutFrom, int OutTo, decimal Outside)[] excursions)
        => Enumerable.Range(0, minutes + 1)
            .Select(m => new TemperatureReading(from.AddMinutes(m), excursions.Where(x => m >= x.OutFrom && m < x.OutTo).Select(x => (decimal?)x.Outside).FirstOrDefault() ?? inRange))
            .ToList();

    [Theory]
    [InlineData("pork", "chilled", 0, 4, "chilled")]
    [InlineData("aquatic", "chilled", 0, 4, "chilled")]
    [InlineData("pork", "frozen", null, -18, "frozen")]
    [InlineData("aquatic", "frozen", null, -18, "frozen")]
    [InlineData("quick-frozen", "frozen", null, -18, "frozen/quick-frozen")]
    [InlineData("dairy", "chilled", 2, 6, "chilled/dairy")]
    [InlineData("drug", "chilled", 2, 8, "chilled/drug")]
    public void ChoosesTheProfileOfTheStorageModeOverriddenByTheCategory(string category, string storage, int? min, int max, string name)
    {
        var profile = Rules.ProfileOf(Product(category, storage));

        Assert.NotNull(profile);
        Assert.Equal(new TemperatureRange(min, max), profile.Range);
        Assert.Equal(name, profile.Name);
        Assert.Equal(30, profile.ToleranceMinutes);
        Assert.False(string.IsNullOrWhiteSpace(profile.Source));
    }

    [Fact]
    public void HasNoColdChainForAnAmbientProduct()
    {
        var (status, breaks) = ColdChain.Evaluate(Rules.ProfileOf(Product("dairy", "ambient")), [Event("transport", null)]);

        Assert.False(status.Required);
        Assert.True(status.Intact);
        Assert.Empty(breaks);
    }

    [Fact]
    public void PrefersTheRangeAProductDeclaredAtRegistration()
    {
        var profile = Rules.ProfileOf(Product("drug", "chilled", new TemperatureRange(-25, -15)));

        Assert.Equal("declared", profile!.Name);
        Assert.Equal(new TemperatureRange(-25, -15), profile.Range);
        var (status, _) = ColdChain.Evaluate(profile, [Event("store", -20m)]);
        Assert.True(status.Intact);
    }

    [Theory]
    [InlineData("pork", "chilled", 3.5, 4.5)]
    [InlineData("aquatic", "chilled", 0, -0.5)]
    [InlineData("pork", "frozen", -18, -17.5)]
    [InlineData("quick-frozen", "frozen", -25, -12)]
    [InlineData("dairy", "chilled", 5.5, 1.5)]
    [InlineData("drug", "chilled", 7.9, 8.5)]
    public void BreaksOnAReadingOutsideTheProfileAndNotInside(string category, string storage, double inside, double outside)
    {
        var profile = Rules.ProfileOf(Product(category, storage));

        var (ok, _) = ColdChain.Evaluate(profile, [Event("transport", (decimal)inside)]);
        var (broken, breaks) = ColdChain.Evaluate(profile, [Event("transport", (decimal)outside)]);

        Assert.True(ok.Intact);
        Assert.False(broken.Intact);
        var b = Assert.Single(breaks);
        Assert.Equal((decimal)outside, b.ExtremeC);
        Assert.Equal(b.Start, b.End);
    }

    [Theory]
    [InlineData("store")]
    [InlineData("transport")]
    [InlineData("wholesale")]
    [InlineData("retail")]
    public void BreaksOnAColdChainStepWithoutATemperature(string step)
    {
        var (status, breaks) = ColdChain.Evaluate(Rules.ProfileOf(Product("pork", "chilled")), [Event("produce", null), Event(step, null, seq: 2, hour: 1)]);

        Assert.False(status.Intact);
        var b = Assert.Single(breaks);
        Assert.Equal(step, b.Step);
        Assert.Null(b.ExtremeC);
        Assert.Contains("no temperature recorded", b.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void CountsALoggerSeriesAsTheEventsTemperature()
    {
        var (status, _) = ColdChain.Evaluate(Rules.ProfileOf(Product("pork", "frozen")), [Event("transport", null, Series(T0, 120, -20m))]);

        Assert.True(status.Intact);
    }

    [Fact]
    public void BreaksOnAFortyMinuteExcursionAndNotOnAFiveMinuteSpike()
    {
        // A 5-minute spike to −12 °C an hour in, then 40 minutes at up to −9 °C two hours in.
        var readings = Series(T0, 240, -20m, (60, 65, -12m), (120, 140, -15m), (140, 160, -9m));

        var (status, breaks) = ColdChain.Evaluate(Rules.ProfileOf(Product("quick-frozen", "frozen")), [Event("transport", null, readings)]);

        Assert.False(status.Intact);
        var b = Assert.Single(breaks);
        Assert.Equal(T0.AddMinutes(120), b.Start);
        Assert.Equal(T0.AddMinutes(160), b.End);
        Assert.Equal(-9m, b.ExtremeC);
        Assert.Contains("40 min", b.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsTheChainIntactThroughAFiveMinuteSpikeAlone()
    {
        var (status, breaks) = ColdChain.Evaluate(Rules.ProfileOf(Product("drug", "chilled")), [Event("store", null, Series(T0, 180, 5m, (90, 95, 11m)))]);

        Assert.True(status.Intact);
        Assert.Empty(breaks);
    }

    [Fact]
    public void AddsUpExcursionsAcrossEventsUntilTheToleranceIsPassed()
    {
        var profile = Rules.ProfileOf(Product("dairy", "chilled"));
        var store = Event("store", null, Series(T0, 60, 4m, (10, 30, 7m)), seq: 1);
        var transport = Event("transport", null, Series(T0.AddHours(2), 60, 4m, (10, 25, 8m)), seq: 2, hour: 2);

        var (status, breaks) = ColdChain.Evaluate(profile, [store, transport]);

        Assert.False(status.Intact);
        var b = Assert.Single(breaks);
        Assert.Equal("transport", b.Step);
        Assert.Equal(8m, b.ExtremeC);
    }

    [Fact]
    public void RunsAnExcursionToTheLastReadingWhenTheSeriesEndsOutOfRange()
    {
        var excursions = ColdChain.Excursions(Series(T0, 60, 3m, (20, 61, 9m)), new TemperatureRange(0, 4));

        var x = Assert.Single(excursions);
        Assert.Equal(T0.AddMinutes(20), x.Start);
        Assert.Equal(T0.AddMinutes(60), x.End);
    }

    [Fact]
    public void RefusesARulesFileWithAProfileWithoutBounds()
    {
        var rules = new ColdChainRules(30, new Dictionary<string, ColdChainProfileRule> { ["chilled"] = new(null, null, "x") });

        Assert.Throws<InvalidOperationException>(rules.Validate);
    }
}
