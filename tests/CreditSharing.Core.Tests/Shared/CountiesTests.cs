using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Shared;

public sealed class CountiesTests
{
    public static TheoryData<string, string> CountyNames() => new()
    {
        { "411700", "驻马店市本级" },
        { "411702", "驿城区" },
        { "411721", "西平县" },
        { "411722", "上蔡县" },
        { "411723", "平舆县" },
        { "411724", "正阳县" },
        { "411725", "确山县" },
        { "411726", "泌阳县" },
        { "411727", "汝南县" },
        { "411728", "遂平县" },
        { "411729", "新蔡县" },
    };

    [Fact]
    public void ListsTheCityItselfAndItsTenCountiesInTheOrderOfTheTable()
    {
        var codes = Counties.All.Keys.ToArray();

        Assert.Equal(
            ["411700", "411702", "411721", "411722", "411723", "411724", "411725", "411726", "411727", "411728", "411729"],
            codes);
    }

    [Fact]
    public void TheCityIsFiledUnderItsOwnCode()
    {
        Assert.Equal("411700", Counties.City);
        Assert.Equal("驻马店市本级", Counties.NameOf(Counties.City));
    }

    [Fact]
    public void EveryCountyCodeIsSixDigitsWithTheCityPrefix()
    {
        var codes = Counties.All.Keys;

        Assert.All(codes, code =>
        {
            Assert.Equal(6, code.Length);
            Assert.True(code.All(char.IsAsciiDigit), code);
            Assert.StartsWith(Counties.CityPrefix, code, StringComparison.Ordinal);
            Assert.True(Counties.IsInCity(code), code);
        });
    }

    [Fact]
    public void CityPrefixIsZhumadian()
    {
        Assert.Equal("4117", Counties.CityPrefix);
    }

    [Theory]
    [MemberData(nameof(CountyNames))]
    public void NameOfGivesTheChineseNameOfACounty(string code, string name)
    {
        var actual = Counties.NameOf(code);

        Assert.Equal(name, actual);
        Assert.Equal(name, Counties.All[code]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("411701")]
    [InlineData("411799")]
    [InlineData("440300")]
    [InlineData(" 411702")]
    [InlineData("4117020")]
    public void NameOfIsNullForCodesThatAreNotCounties(string? code)
    {
        var name = Counties.NameOf(code);

        Assert.Null(name);
    }

    [Theory]
    [InlineData("411702", true)]
    [InlineData("411799", true)]
    [InlineData("411700", true)]
    [InlineData("440300", false)]
    [InlineData("410100", false)]
    [InlineData("", false)]
    public void IsInCityLooksOnlyAtThePrefix(string code, bool expected)
    {
        var inCity = Counties.IsInCity(code);

        Assert.Equal(expected, inCity);
    }

    [Theory]
    [InlineData("91411702MA6ULN0X2U", "411702")]
    [InlineData("91411721MA95XDFT69", "411721")]
    [InlineData("91411722MAP5C64K8Q", "411722")]
    [InlineData("91411723MA87L9L00H", "411723")]
    [InlineData("91411724MALL0H6P3C", "411724")]
    [InlineData("91411725MAP3XKH24C", "411725")]
    [InlineData("91411726MA4LMEHU5U", "411726")]
    [InlineData("91411727MAB7J7KH22", "411727")]
    [InlineData("91411728MAWWLR9R0T", "411728")]
    [InlineData("91411729MAU4W56P62", "411729")]
    [InlineData("91411700MA6ULN0X2Y", "411700")]
    [InlineData("11411700MB19578243", "411700")]
    public void FromUsccGivesTheCountyOfRegistration(string code, string county)
    {
        Assert.True(Uscc.TryParse(code, out var uscc, out _));

        var actual = Counties.FromUscc(uscc);

        Assert.Equal(county, actual);
    }

    [Theory]
    [InlineData("914403001922038216")]
    [InlineData("91310000MA1FL1MMXL")]
    [InlineData("91411799MA6ULN0X2C")]
    public void FromUsccIsNullWhenNotRegisteredInACounty(string code)
    {
        Assert.True(Uscc.TryParse(code, out var uscc, out var error), error);

        var county = Counties.FromUscc(uscc);

        Assert.Null(county);
    }

    [Fact]
    public void FromUsccIsNullForTheDefaultCode()
    {
        var county = Counties.FromUscc(default);

        Assert.Null(county);
    }
}
