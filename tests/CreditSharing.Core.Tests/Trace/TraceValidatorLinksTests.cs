using System.Globalization;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Trace;

/// <summary>The fields of issue 22 points 5 and 6 as <see cref="TraceValidator"/> checks them: links, trade record, logger readings, declared range.</summary>
public sealed class TraceValidatorLinksTests
{
    private const string Producer = "91411702MA6ULN0X2U";
    private const string Receiver = "91411721MA95XDFT69";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    private static string At(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static EventInput Input(string? from = null, string? to = null, decimal? quantity = null, string? unit = null, string? lot = null, IReadOnlyList<ReadingInput>? readings = null)
        => new("transport", Producer, At(Now.AddHours(-1)), "驻马店", null, null, null, "S-1", from, to, quantity, unit, lot, readings);

    private static CodeInput Code(string category = "pork", string? storage = null, IReadOnlyList<string>? parents = null, TemperatureRange? range = null)
        => new("ZMD-CHILD-0001", category, "分割肉", null, null, null, Producer, storage, null, parents, range);

    [Fact]
    public void KeepsTheTradeRecordInTheEventsDetails()
    {
        var (e, errors) = TraceValidator.Event(Input(Producer, Receiver, 120.5m, "kg", "L-2026-11"), Now);

        Assert.Empty(errors.ToDictionary());
        Assert.Equal(new TraceEventDetails(Producer, Receiver, 120.5m, "kg", "L-2026-11"), e!.Details);
    }

    [Fact]
    public void LeavesDetailsNullForAnEventWithoutThem()
    {
        var (e, _) = TraceValidator.Event(Input(), Now);

        Assert.Null(e!.Details);
    }

    [Theory]
    [InlineData("not-a-uscc", null, null, null, null, "from")]
    [InlineData(null, "91411721MA6ULN0X2A", null, null, null, "to")]
    [InlineData(null, null, 0, "kg", null, "quantity")]
    [InlineData(null, null, -3, "kg", null, "quantity")]
    [InlineData(null, null, 5, null, null, "unit")]
    [InlineData(null, null, null, "kg", null, "quantity")]
    [InlineData(null, null, 5, "a unit far too long", null, "unit")]
    [InlineData(null, null, null, null, "L-1\u001b[2J", "lot")]
    public void RejectsAMalformedTradeRecordNamingTheField(string? from, string? to, int? quantity, string? unit, string? lot, string field)
    {
        var (e, errors) = TraceValidator.Event(Input(from, to, quantity, unit, lot), Now);

        Assert.Null(e);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void RejectsALotLongerThan64()
    {
        var (_, errors) = TraceValidator.Event(Input(lot: new string('L', 65)), Now);

        Assert.Contains("lot", errors.ToDictionary().Keys);
    }

    [Fact]
    public void AcceptsTwoThousandReadingsAndRefusesMore()
    {
        var ok = Enumerable.Range(0, 2_000).Select(i => new ReadingInput(At(Now.AddHours(-2).AddSeconds(i)), -19.5m)).ToList();
        var over = ok.Append(new ReadingInput(At(Now.AddHours(-1)), -19m)).ToList();

        var (e, _) = TraceValidator.Event(Input(readings: ok), Now);
        var (_, errors) = TraceValidator.Event(Input(readings: over), Now);

        Assert.Equal(2_000, e!.Details!.Readings!.Count);
        Assert.Contains("readings", errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("2026-11-26T08:30:00", -19, "readings[1].at")]
    [InlineData("2026-12-27T08:30:00+08:00", -19, "readings[1].at")]
    [InlineData("2026-09-01T08:30:00+08:00", -19, "readings[1].at")]
    [InlineData("2026-11-26T08:30:00+08:00", -95, "readings[1].c")]
    public void RejectsAReadingOutOfReasonNamingItsIndex(string at, int c, string field)
    {
        var readings = new[] { new ReadingInput(At(Now.AddHours(-2)), -20m), new ReadingInput(at, c) };

        var (_, errors) = TraceValidator.Event(Input(readings: readings), Now);

        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void KeepsParentsAndADeclaredRange()
    {
        var (product, errors) = TraceValidator.Product(Code(storage: "chilled", parents: ["ZMD-PARENT-0001", "ZMD-PARENT-0002"], range: new TemperatureRange(-2, 2)), "test", Now);

        Assert.True(errors.IsEmpty);
        Assert.Equal(["ZMD-PARENT-0001", "ZMD-PARENT-0002"], product!.Parents!);
        Assert.Equal(new TemperatureRange(-2, 2), product.DeclaredRange);
    }

    [Theory]
    [InlineData("ZMD-CHILD-0001", "parents[1]")]
    [InlineData("ZMD-PARENT-0001", "parents[1]")]
    [InlineData("bad code!", "parents[1]")]
    public void RejectsAParentThatIsItselfTwiceOrMalformed(string second, string field)
    {
        var (_, errors) = TraceValidator.Product(Code(parents: ["ZMD-PARENT-0001", second]), "test", Now);

        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void RejectsMoreThanAHundredParents()
    {
        var (_, errors) = TraceValidator.Product(Code(parents: Enumerable.Range(0, 101).Select(i => $"ZMD-PARENT-{i:D4}").ToList()), "test", Now);

        Assert.Contains("parents", errors.ToDictionary().Keys);
    }

    [Fact]
    public void StoresQuickFrozenFoodFrozenByDefaultAndRefusesOtherStorage()
    {
        var (product, _) = TraceValidator.Product(Code("quick-frozen"), "test", Now);
        var (_, errors) = TraceValidator.Product(Code("quick-frozen", "chilled"), "test", Now);

        Assert.Equal("frozen", product!.Storage);
        Assert.Contains("storage", errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(8, 2)]
    [InlineData(-90, 2)]
    public void RejectsADeclaredRangeWithoutBoundsOrUpsideDown(int? min, int? max)
    {
        var (_, errors) = TraceValidator.Product(Code(range: new TemperatureRange(min, max)), "test", Now);

        Assert.Contains("temperatureRange", errors.ToDictionary().Keys);
    }
}
