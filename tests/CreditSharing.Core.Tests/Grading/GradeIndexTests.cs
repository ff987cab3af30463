using CreditSharing.Core.Grading;

namespace CreditSharing.Core.Tests.Grading;

public sealed class GradeIndexTests
{
    [Theory]
    [InlineData("411700", "411700")]
    [InlineData("411702", "411702")]
    [InlineData("411729", "411729")]
    public void FilesTheCityAndEachCountyUnderItsOwnCode(string county, string expected)
    {
        var indexCounty = GradeIndex.IndexCounty(county);

        Assert.Equal(expected, indexCounty);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("440300")]
    [InlineData("411799")]
    public void FilesEverythingElseUnderOther(string? county)
    {
        var indexCounty = GradeIndex.IndexCounty(county);

        Assert.Equal(GradeIndex.OtherCounty, indexCounty);
    }
}
