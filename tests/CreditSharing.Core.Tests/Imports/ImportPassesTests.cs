using System.Globalization;
using CreditSharing.Core.Imports;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Imports;

public sealed class ImportPassesTests
{
    private static readonly IReadOnlyList<string> Usccs = Enumerable.Range(0, 2_000)
        .Select(i => Uscc.Compose('9', '1', $"4117{(20 + (i % 10)).ToString(CultureInfo.InvariantCulture)}", $"MA{i:D6}").Value)
        .ToList();

    [Theory]
    [InlineData(1L, 1)]
    [InlineData(1L * 1024 * 1024, 1)]
    [InlineData((17L * 1024 * 1024) + 1, 18)]
    [InlineData(100L * 1024 * 1024, 100)]
    [InlineData(200L * 1024 * 1024, 51)]
    [InlineData(2L * 1024 * 1024 * 1024, 5)]
    public void ReadsAFileInOnePassPerMebibyteWithinTheReadBudget(long size, int expected)
    {
        var passes = ImportService.PassesFor(size);

        Assert.Equal(expected, passes);
        Assert.True(passes * size <= Math.Max(ImportService.PassReadBudgetBytes, size));
    }

    [Fact]
    public void PutsEveryEnterpriseInOnePassOfTheFileWithTheEnterprisesSpreadEvenly()
    {
        const int passes = 8;

        var counts = Usccs.GroupBy(u => ImportService.PassOf(u, passes)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(Enumerable.Range(0, passes), counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, Usccs.Count / passes * 3 / 4, Usccs.Count / passes * 5 / 4));
    }

    [Fact]
    public void GivesAnEnterpriseTheSamePassHoweverItsUsccIsWritten()
    {
        var uscc = Usccs[17];

        Assert.Equal(ImportService.PassOf(uscc, 5), ImportService.PassOf(uscc.ToLowerInvariant(), 5));
    }

    /// <summary>An import resumed by a newer version must find its lines in the same passes: the hash is part of the stored format.</summary>
    [Fact]
    public void KeepsThePassOfAnEnterpriseFromVersionToVersion()
    {
        string[] usccs = ["91411720MA0000007T", "91411721MA00000154", "91411722MA0000023D", "91411723MA0000031N", "91411724MA000004XW", "91411725MA0000058B", "91411726MA0000066L", "91411727MA0000074X"];

        var passes = usccs.Select(u => ImportService.PassOf(u, 7)).ToList();

        Assert.Equal([4, 1, 4, 2, 1, 5, 4, 1], passes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("91411700NOTAUSCC0X")]
    public void RejectsLinesWithoutAUsableUsccInTheFirstPass(string? uscc)
        => Assert.Equal(0, ImportService.PassOf(uscc, 7));

    [Fact]
    public void ReadsAFileOfOnePassWhole()
        => Assert.All(Usccs, u => Assert.Equal(0, ImportService.PassOf(u, 1)));
}
