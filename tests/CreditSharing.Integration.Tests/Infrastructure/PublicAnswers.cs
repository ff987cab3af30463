using System.Text.RegularExpressions;

namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>Checks on what anonymous callers receive.</summary>
public static partial class PublicAnswers
{
    /// <summary>Fails when an 18-character PRC ID number (17 digits and a digit or X) appears anywhere in the text.</summary>
    public static void HoldNoIdNumber(string answer)
        => Assert.False(IdNumberPattern().IsMatch(answer), "an ID number appears in a public answer: " + IdNumberPattern().Match(answer).Value);

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")]
    private static partial Regex IdNumberPattern();
}
