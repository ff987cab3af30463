using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Shared;

public sealed class IdNumberTests
{
    // Hand-verified: 4·7 + 1·9 + 1·10 + 7·5 + 0·8 + 2·4 + 1·2 + 9·1 + 8·6 + 0·3 + 0·7 + 1·9 + 0·10 + 1·5 + 1·8 + 2·4 + 3·2
    // = 185; 185 mod 11 = 9; "10X98765432"[9] = '3'.
    private const string HandVerified = "411702198001011233";

    // Hand-verified (the example of GB 11643-1999): 1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7
    // + 2·9 + 3·10 + 1·5 + 0·8 + 0·4 + 2·2 = 167; 167 mod 11 = 2; "10X98765432"[2] = 'X'.
    private const string HandVerifiedEndingInX = "11010519491231002X";

    private const string CheckCharacters = "10X98765432";

    [Fact]
    public void AcceptsHandVerifiedIdNumber()
    {
        var valid = IdNumber.TryNormalize(HandVerified, out var normalized, out var error);

        Assert.True(valid, error);
        Assert.Equal(HandVerified, normalized);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void AcceptsIdNumberEndingInX()
    {
        var valid = IdNumber.TryNormalize(HandVerifiedEndingInX, out var normalized, out var error);

        Assert.True(valid, error);
        Assert.Equal(HandVerifiedEndingInX, normalized);
    }

    [Fact]
    public void UpperCasesLowerCaseCheckCharacterX()
    {
        var valid = IdNumber.TryNormalize("11010519491231002x", out var normalized, out var error);

        Assert.True(valid, error);
        Assert.Equal(HandVerifiedEndingInX, normalized);
    }

    [Theory]
    [InlineData("  411702198001011233")]
    [InlineData("411702198001011233\t")]
    [InlineData("\r\n411702198001011233 ")]
    public void TrimsSurroundingWhitespace(string input)
    {
        var valid = IdNumber.TryNormalize(input, out var normalized, out var error);

        Assert.True(valid, error);
        Assert.Equal(HandVerified, normalized);
    }

    [Theory]
    [InlineData("41170219800101123", HandVerified)]
    [InlineData("11010519491231002", HandVerifiedEndingInX)]
    public void WithCheckCharacterAppendsTheHandVerifiedCheckCharacter(string first17, string expected)
    {
        var built = IdNumber.WithCheckCharacter(first17);

        Assert.Equal(expected, built);
    }

    [Theory]
    [InlineData("41170219800101123")]
    [InlineData("41172119991231000")]
    [InlineData("41172920000229001")]
    [InlineData("11010519491231002")]
    [InlineData("44030020240101999")]
    [InlineData("00000019000101000")]
    public void WithCheckCharacterProducesIdNumberThatIsAccepted(string first17)
    {
        var built = IdNumber.WithCheckCharacter(first17);

        var valid = IdNumber.TryNormalize(built, out var normalized, out var error);

        Assert.True(valid, error);
        Assert.Equal(built, normalized);
        Assert.StartsWith(first17, built, StringComparison.Ordinal);
    }

    [Fact]
    public void WithCheckCharacterRejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => IdNumber.WithCheckCharacter(null!));
    }

    [Fact]
    public void AcceptsExactlyOneCheckCharacterForSeventeenDigits()
    {
        const string first17 = "41170219800101123";

        var accepted = new string(CheckCharacters.Where(c => IdNumber.TryNormalize(first17 + c, out _, out _)).ToArray());

        Assert.Equal("3", accepted);
    }

    [Theory]
    [InlineData("411702198001011230")]
    [InlineData("411702198001011234")]
    [InlineData("41170219800101123X")]
    [InlineData("110105194912310021")]
    [InlineData("110105194912310020")]
    public void RejectsIdNumberWithWrongCheckCharacter(string input)
    {
        var valid = IdNumber.TryNormalize(input, out var normalized, out var error);

        Assert.False(valid);
        Assert.Equal(string.Empty, normalized);
        Assert.Equal("The check character of the ID number does not match (GB 11643-1999).", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RejectsMissingIdNumberAsRequired(string? input)
    {
        var valid = IdNumber.TryNormalize(input, out var normalized, out var error);

        Assert.False(valid);
        Assert.Equal(string.Empty, normalized);
        Assert.Equal("An ID number is required.", error);
    }

    [Theory]
    [InlineData("41170219800101123")]
    [InlineData("4117021980010112333")]
    [InlineData("411702800101123")]
    [InlineData("411702 198001011233")]
    public void RejectsIdNumberOfWrongLength(string input)
    {
        var valid = IdNumber.TryNormalize(input, out var normalized, out var error);

        Assert.False(valid);
        Assert.Equal(string.Empty, normalized);
        Assert.Equal("An ID number has 18 characters.", error);
    }

    [Theory]
    [InlineData("4117021980010112X3")]
    [InlineData("X11702198001011233")]
    [InlineData("41170219800101-233")]
    [InlineData("\uFF14\uFF11\uFF11\uFF17\uFF10\uFF12198001011233")]
    public void RejectsNonDigitInTheFirstSeventeenCharacters(string input)
    {
        var valid = IdNumber.TryNormalize(input, out var normalized, out var error);

        Assert.False(valid);
        Assert.Equal(string.Empty, normalized);
        Assert.Equal("The first 17 characters of an ID number are digits.", error);
    }

    [Theory]
    [InlineData("41172119800230123")]
    [InlineData("41172119801301123")]
    [InlineData("41172119800100123")]
    [InlineData("41172119800132123")]
    [InlineData("41172119000229123")]
    [InlineData("41172100000101123")]
    public void RejectsIdNumberWithImpossibleBirthDateEvenWithCorrectCheckCharacter(string first17)
    {
        var input = IdNumber.WithCheckCharacter(first17);

        var valid = IdNumber.TryNormalize(input, out var normalized, out var error);

        Assert.False(valid);
        Assert.Equal(string.Empty, normalized);
        Assert.Equal("Characters 7–14 of an ID number are not a real birth date.", error);
    }

    [Fact]
    public void RejectsHandVerifiedIdNumberBornOnThirtiethOfFebruary()
    {
        // 4·7+1·9+1·10+7·5+2·8+1·4+1·2+9·1+8·6+0·3+0·7+2·9+3·10+0·5+1·8+2·4+3·2 = 231; 231 mod 11 = 0 → '1'.
        var valid = IdNumber.TryNormalize("411721198002301231", out _, out var error);

        Assert.False(valid);
        Assert.Equal("Characters 7–14 of an ID number are not a real birth date.", error);
    }

    [Fact]
    public void AcceptsBirthDateOnLeapDay()
    {
        var input = IdNumber.WithCheckCharacter("41170220000229002");

        var valid = IdNumber.TryNormalize(input, out var normalized, out var error);

        Assert.True(valid, error);
        Assert.Equal("411702200002290027", normalized);
    }

    [Theory]
    [InlineData("th-TH")]
    [InlineData("ar-SA")]
    public void AcceptsALeapDayBirthDateWhateverTheCurrentCalendar(string cultureName)
    {
        // Hand-verified: 4·7 + 1·9 + 1·10 + 7·5 + 0·8 + 2·4 + 2·2 + 0·1 + 0·6 + 0·3 + 0·7 + 2·9 + 2·10 + 9·5 + 0·8 + 0·4 + 2·2
        // = 181; 181 mod 11 = 5; "10X98765432"[5] = '7'. Born 29 February 2000 (Gregorian).
        const string leapDay = "411702200002290027";
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        bool valid;
        string normalized;
        string error;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(cultureName);

            valid = IdNumber.TryNormalize(leapDay, out normalized, out error);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }

        Assert.True(valid, error);
        Assert.Equal(leapDay, normalized);
        Assert.Equal(string.Empty, error);
    }

    [Theory]
    [InlineData("4117022000022900")]
    [InlineData("411702200002290027")]
    [InlineData("")]
    [InlineData("4117022000022900X")]
    [InlineData("41170220000229 02")]
    [InlineData("4117022000022900\uFF12")]
    public void WithCheckCharacterRejectsAnythingButSeventeenDigits(string first17)
    {
        var exception = Assert.Throws<ArgumentException>(() => IdNumber.WithCheckCharacter(first17));

        Assert.Equal("first17", exception.ParamName);
    }

    [Theory]
    [InlineData(HandVerified, "411702********1233")]
    [InlineData(HandVerifiedEndingInX, "110105********002X")]
    public void MaskKeepsFirstSixAndLastFourCharacters(string idNumber, string expected)
    {
        var masked = IdNumber.Mask(idNumber);

        Assert.Equal(expected, masked);
        Assert.Equal(idNumber.Length, masked.Length);
    }

    [Theory]
    [InlineData("12345678901", "123456*8901")]
    [InlineData("1234567890", "**********")]
    [InlineData("123", "***")]
    [InlineData("", "")]
    public void MaskHidesEverythingOfShortValues(string idNumber, string expected)
    {
        var masked = IdNumber.Mask(idNumber);

        Assert.Equal(expected, masked);
    }

    [Fact]
    public void MaskRejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => IdNumber.Mask(null!));
    }
}
