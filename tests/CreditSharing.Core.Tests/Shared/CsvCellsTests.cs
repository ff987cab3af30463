using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Shared;

public sealed class CsvCellsTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    public void NeutralisesATextCellThatBeginsLikeAFormula(string value, string expected)
    {
        var cell = CsvCells.Text(value);

        Assert.Equal(expected, cell);
    }

    [Theory]
    [InlineData("驻马店市天中商贸有限公司", "驻马店市天中商贸有限公司")]
    [InlineData("91411702MA6ULN0X2U", "91411702MA6ULN0X2U")]
    [InlineData("a=b", "a=b")]
    [InlineData("驻发改信〔2026〕1号", "驻发改信〔2026〕1号")]
    [InlineData(" =1", " =1")]
    public void LeavesOtherTextAsItIs(string value, string expected)
    {
        var cell = CsvCells.Text(value);

        Assert.Equal(expected, cell);
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("line\r\nbreak", "\"line\r\nbreak\"")]
    public void QuotesACellThatHoldsACommaAQuoteOrALineBreak(string value, string expected)
    {
        var cell = CsvCells.Text(value);

        Assert.Equal(expected, cell);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void WritesNothingForNoText(string? value)
    {
        var cell = CsvCells.Text(value);

        Assert.Equal(string.Empty, cell);
    }

    [Theory]
    [InlineData("-5000", "-5000")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("1234.50", "1234.50")]
    public void KeepsANegativeNumberANumber(string value, string expected)
    {
        var cell = CsvCells.Number(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, cell);
    }

    [Fact]
    public void WritesADateAsIsoDigits()
    {
        var cell = CsvCells.Date(new DateOnly(2026, 5, 1));

        Assert.Equal("2026-05-01", cell);
    }
}
