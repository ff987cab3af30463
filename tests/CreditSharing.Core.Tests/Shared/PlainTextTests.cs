using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Shared;

public sealed class PlainTextTests
{
    [Theory]
    [InlineData("驻马店市天中商贸有限公司")]
    [InlineData("McDonald's ' or 1 eq 1")]
    [InlineData("=HYPERLINK(\"x\")")]
    [InlineData(null)]
    [InlineData("")]
    public void AcceptsTextWithoutControlCharacters(string? text)
    {
        var errors = new FieldErrors();

        var ok = PlainText.Check(text, "name", errors);

        Assert.True(ok);
        Assert.True(errors.IsEmpty);
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("\u001b[31mred")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    public void RejectsAControlCharacterInSingleLineText(string text)
    {
        var errors = new FieldErrors();

        var ok = PlainText.Check(text, "name", errors);

        Assert.False(ok);
        Assert.Equal(["name may not hold control characters (NUL, escape, tab, line breaks)."], errors.ToDictionary()["name"]);
    }

    [Fact]
    public void AcceptsTabsAndLineBreaksInMultiLineText()
    {
        var errors = new FieldErrors();

        var ok = PlainText.Check("经查：\r\n\t一、当事人……\n二、……", "content", errors, multiline: true);

        Assert.True(ok);
        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void RejectsNulInMultiLineText()
    {
        var errors = new FieldErrors();

        var ok = PlainText.Check("经查\u0000", "content", errors, multiline: true);

        Assert.False(ok);
        Assert.Equal(["content may not hold control characters other than tabs and line breaks."], errors.ToDictionary()["content"]);
    }
}
