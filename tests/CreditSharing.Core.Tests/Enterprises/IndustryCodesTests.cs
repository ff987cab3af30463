using CreditSharing.Core.Enterprises;

namespace CreditSharing.Core.Tests.Enterprises;

/// <summary><see cref="IndustryCodes"/>: the GB/T 4754-2017 table and the codes it accepts.</summary>
public sealed class IndustryCodesTests
{
    [Fact]
    public void HoldsTheTwentySectionsAToT()
    {
        var sections = IndustryCodes.All.Keys.Where(k => k.Length == 1).Order(StringComparer.Ordinal);

        Assert.Equal("ABCDEFGHIJKLMNOPQRST", string.Concat(sections));
    }

    [Fact]
    public void HoldsTheNinetySevenDivisionsOnceEachInOrderOfTheirSections()
    {
        var divisions = IndustryCodes.All.Keys.Where(k => k.Length == 3).OrderBy(k => k[1..], StringComparer.Ordinal).ToList();

        Assert.Equal(Enumerable.Range(1, 97).Select(n => n.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)), divisions.Select(d => d[1..]));
        Assert.Equal(divisions.Select(d => d[0]).Order(), divisions.Select(d => d[0]));
    }

    [Theory]
    [InlineData("A", "农、林、牧、渔业")]
    [InlineData("F", "批发和零售业")]
    [InlineData("F51", "批发业")]
    [InlineData("F52", "零售业")]
    [InlineData("G54", "道路运输业")]
    [InlineData("G58", "多式联运和运输代理业")]
    [InlineData("G59", "装卸搬运和仓储业")]
    [InlineData("H62", "餐饮业")]
    [InlineData("I64", "互联网和相关服务")]
    [InlineData("C13", "农副食品加工业")]
    [InlineData("T97", "国际组织")]
    public void NamesACodeInChinese(string code, string name)
    {
        Assert.Equal(name, IndustryCodes.NameOf(code));
    }

    [Theory]
    [InlineData("F", "F")]
    [InlineData("f51", "F51")]
    [InlineData(" G59 ", "G59")]
    public void AcceptsASectionOrASectionWithItsDivisionUpperCased(string input, string expected)
    {
        var accepted = IndustryCodes.TryNormalize(input, out var code, out var error);

        Assert.True(accepted, error);
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void TakesBlankAsNoCode(string? input)
    {
        var accepted = IndustryCodes.TryNormalize(input, out var code, out _);

        Assert.True(accepted);
        Assert.Null(code);
    }

    [Theory]
    [InlineData("U", "'U' is not a section of GB/T 4754-2017 (A–T).")]
    [InlineData("Z51", "'Z' is not a section of GB/T 4754-2017 (A–T).")]
    [InlineData("G51", "Division 51 is not in section G of GB/T 4754-2017.")]
    [InlineData("F98", "Division 98 is not in section F of GB/T 4754-2017.")]
    [InlineData("F5", "An industry code is a GB/T 4754-2017 section letter, optionally with its two-digit division (F, F51).")]
    [InlineData("F511", "An industry code is a GB/T 4754-2017 section letter, optionally with its two-digit division (F, F51).")]
    [InlineData("51", "An industry code is a GB/T 4754-2017 section letter, optionally with its two-digit division (F, F51).")]
    [InlineData("批发", "An industry code is a GB/T 4754-2017 section letter, optionally with its two-digit division (F, F51).")]
    public void RejectsACodeOutsideTheTableSayingWhy(string input, string message)
    {
        var accepted = IndustryCodes.TryNormalize(input, out var code, out var error);

        Assert.False(accepted);
        Assert.Null(code);
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData("F51", "F", true)]
    [InlineData("F", "F", true)]
    [InlineData("F51", "F51", true)]
    [InlineData("F52", "F51", false)]
    [InlineData("G59", "F", false)]
    [InlineData(null, "F", false)]
    [InlineData(null, null, true)]
    [InlineData("G59", null, true)]
    public void MatchesAFilterAsAPrefix(string? code, string? filter, bool expected)
    {
        Assert.Equal(expected, IndustryCodes.Matches(code, filter));
    }
}
