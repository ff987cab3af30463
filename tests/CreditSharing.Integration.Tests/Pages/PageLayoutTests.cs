using CreditSharing.Functions.Pages;

namespace CreditSharing.Integration.Tests.Pages;

/// <summary>The shared layout's accessibility basics that need no browser: badge contrast.</summary>
public sealed class PageLayoutTests
{
    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    [InlineData("D")]
    [InlineData("none")]
    public void GivesEachGradeBadgeAContrastOfAtLeastFourAndAHalfToOne(string grade)
    {
        var background = PageLayout.GradeColours[grade];

        var ratio = ContrastRatio.Of("#ffffff", background);

        Assert.True(ratio >= 4.5, $"white on {background} is {ratio:0.00}:1");
    }

    [Fact]
    public void EncodesMarkupAndKeepsChinese()
    {
        var encoded = PageLayout.Encode("<script>alert(\"信用\")</script>");

        Assert.Equal("&lt;script&gt;alert(&quot;信用&quot;)&lt;/script&gt;", encoded);
    }
}

/// <summary>WCAG 2 contrast ratio of two sRGB colours (<c>#rrggbb</c> or <c>rgb(r, g, b)</c>).</summary>
public static class ContrastRatio
{
    public static double Of(string foreground, string background)
    {
        var (l1, l2) = (Luminance(Parse(foreground)), Luminance(Parse(background)));
        return (Math.Max(l1, l2) + 0.05) / (Math.Min(l1, l2) + 0.05);
    }

    public static (int R, int G, int B) Parse(string colour)
    {
        ArgumentNullException.ThrowIfNull(colour);
        colour = colour.Trim();
        if (colour.StartsWith('#'))
        {
            return (Convert.ToInt32(colour[1..3], 16), Convert.ToInt32(colour[3..5], 16), Convert.ToInt32(colour[5..7], 16));
        }

        var parts = colour[(colour.IndexOf('(', StringComparison.Ordinal) + 1)..colour.IndexOf(')', StringComparison.Ordinal)]
            .Split(',', StringSplitOptions.TrimEntries)
            .Take(3)
            .Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        return (parts[0], parts[1], parts[2]);
    }

    private static double Luminance((int R, int G, int B) c)
    {
        static double Channel(int v)
        {
            var s = v / 255.0;
            return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(c.R)) + (0.7152 * Channel(c.G)) + (0.0722 * Channel(c.B));
    }
}
