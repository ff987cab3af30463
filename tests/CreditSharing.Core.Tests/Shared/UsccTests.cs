using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Shared;

public sealed class UsccTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public static TheoryData<string, bool, string> Vectors()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (var line in File.ReadLines(TestFiles.Data("uscc-vectors.tsv")).Skip(1))
        {
            var parts = line.Split('\t');
            if (parts.Length >= 3)
            {
                data.Add(parts[0], bool.Parse(parts[1]), parts[2]);
            }
        }

        return data;
    }

    public static TheoryData<string> ValidVectorCodes()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(TestFiles.Data("uscc-vectors.tsv")).Skip(1))
        {
            var parts = line.Split('\t');
            if (parts.Length >= 3 && bool.Parse(parts[1]))
            {
                data.Add(parts[0]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void AcceptsExactlyTheValidVectors(string code, bool valid, string note)
    {
        var accepted = Uscc.TryParse(code, out var uscc, out var error);

        Assert.True(accepted == valid, $"{code} ({note}): expected valid={valid}, got error '{error}'");
        if (valid)
        {
            Assert.Equal(code.ToUpperInvariant(), uscc.Value);
        }
        else
        {
            Assert.NotEmpty(error);
        }
    }

    [Theory]
    [MemberData(nameof(ValidVectorCodes))]
    public void WithCheckCharacterRebuildsTheCheckCharacterOfValidVectors(string code)
    {
        var first17 = code[..17];

        var built = Uscc.WithCheckCharacter(first17);

        Assert.Equal(code.ToUpperInvariant(), built.Value);
    }

    [Theory]
    [InlineData("91411702MA6ULN0X2")]
    [InlineData("91411799MA6ULN0X2")]
    [InlineData("Y1000000000000000")]
    [InlineData("N9999999YYYYYYYY7")]
    [InlineData("12345678ABCDEFGH5")]
    public void WithCheckCharacterProducesCodeThatParsesBackToItself(string first17)
    {
        var built = Uscc.WithCheckCharacter(first17);

        var parsed = Uscc.TryParse(built.Value, out var uscc, out var error);

        Assert.True(parsed, error);
        Assert.Equal(built, uscc);
        Assert.Equal(18, uscc.Value.Length);
        Assert.StartsWith(first17, uscc.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void WithCheckCharacterComputesKnownCheckCharacter()
    {
        var built = Uscc.WithCheckCharacter("91411702MA6ULN0X2");

        Assert.Equal("91411702MA6ULN0X2U", built.Value);
    }

    [Fact]
    public void WithCheckCharacterUpperCasesItsInput()
    {
        var built = Uscc.WithCheckCharacter("91411702ma6uln0x2");

        Assert.Equal("91411702MA6ULN0X2U", built.Value);
    }

    [Theory]
    [InlineData("9141170MA6ULN0X2")]
    [InlineData("91411702MA6ULN0X2U")]
    [InlineData("")]
    public void WithCheckCharacterRejectsInputThatIsNotSeventeenCharacters(string first17)
    {
        var exception = Assert.Throws<ArgumentException>(() => Uscc.WithCheckCharacter(first17));

        Assert.Equal("first17", exception.ParamName);
    }

    [Theory]
    [InlineData("91411702MA6ULN0I2")]
    [InlineData("91411702MA6ULN0O2")]
    [InlineData("91411702MA6ULN0S2")]
    [InlineData("91411702MA6ULN0V2")]
    [InlineData("91411702MA6ULN0Z2")]
    [InlineData("91411702MA6ULN0-2")]
    public void WithCheckCharacterRejectsCharactersOutsideTheAlphabet(string first17)
    {
        var exception = Assert.Throws<ArgumentException>(() => Uscc.WithCheckCharacter(first17));

        Assert.Equal("first17", exception.ParamName);
        Assert.Contains("Character 16", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithCheckCharacterRejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => Uscc.WithCheckCharacter(null!));
    }

    [Fact]
    public void AcceptsExactlyOneCheckCharacterForSeventeenCharacters()
    {
        const string first17 = "91411721MA95XDFT6";

        var accepted = new string(Alphabet.Where(c => Uscc.IsValid(first17 + c)).ToArray());

        Assert.Equal("9", accepted);
    }

    [Theory]
    [InlineData("91411702MA6ULN0X2U", "411702")]
    [InlineData("91411729MAU4W56P62", "411729")]
    [InlineData("914403001922038216", "440300")]
    [InlineData("91310000MA1FL1MMXL", "310000")]
    public void DivisionCodeIsCharactersThreeToEight(string code, string divisionCode)
    {
        Assert.True(Uscc.TryParse(code, out var uscc, out _));

        var actual = uscc.DivisionCode;

        Assert.Equal(divisionCode, actual);
    }

    [Fact]
    public void UpperCasesLowerCaseInput()
    {
        var parsed = Uscc.TryParse("91411702ma6uln0x2u", out var uscc, out var error);

        Assert.True(parsed, error);
        Assert.Equal("91411702MA6ULN0X2U", uscc.Value);
        Assert.Equal("91411702MA6ULN0X2U", uscc.ToString());
    }

    [Fact]
    public void CodesDifferingOnlyInCaseAreEqual()
    {
        Assert.True(Uscc.TryParse("91411702ma6uln0x2u", out var lower, out _));
        Assert.True(Uscc.TryParse("91411702MA6ULN0X2U", out var upper, out _));

        var equal = lower == upper;

        Assert.True(equal);
        Assert.Equal(upper.GetHashCode(), lower.GetHashCode());
    }

    [Theory]
    [InlineData("  91411702MA6ULN0X2U")]
    [InlineData("91411702MA6ULN0X2U  ")]
    [InlineData("\t91411702MA6ULN0X2U\r\n")]
    [InlineData("\u300091411702MA6ULN0X2U\u3000")]
    public void TrimsSurroundingWhitespace(string input)
    {
        var parsed = Uscc.TryParse(input, out var uscc, out var error);

        Assert.True(parsed, error);
        Assert.Equal("91411702MA6ULN0X2U", uscc.Value);
    }

    [Fact]
    public void RejectsWhitespaceInsideTheCode()
    {
        var parsed = Uscc.TryParse("91411702 MA6ULN0X2U", out var uscc, out var error);

        Assert.False(parsed);
        Assert.True(uscc.IsEmpty);
        Assert.Equal("A USCC has 18 characters; this one has 19.", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void RejectsMissingInputAsRequired(string? input)
    {
        var parsed = Uscc.TryParse(input, out var uscc, out var error);

        Assert.False(parsed);
        Assert.True(uscc.IsEmpty);
        Assert.Equal("A USCC is required.", error);
    }

    [Theory]
    [InlineData("91440300708461136", 17)]
    [InlineData("91440300708461136TX", 19)]
    [InlineData("9", 1)]
    public void ReportsTheLengthOfACodeOfWrongLength(string input, int length)
    {
        var parsed = Uscc.TryParse(input, out _, out var error);

        Assert.False(parsed);
        Assert.Equal($"A USCC has 18 characters; this one has {length}.", error);
    }

    [Fact]
    public void NamesThePositionOfACharacterOutsideTheAlphabet()
    {
        var parsed = Uscc.TryParse("9144030070846113IT", out var uscc, out var error);

        Assert.False(parsed);
        Assert.True(uscc.IsEmpty);
        Assert.Equal("Character 17 ('I') is not in the USCC alphabet.", error);
    }

    [Fact]
    public void RejectsCodeWithWrongCheckCharacter()
    {
        var parsed = Uscc.TryParse("914403001922038217", out var uscc, out var error);

        Assert.False(parsed);
        Assert.True(uscc.IsEmpty);
        Assert.Equal("The check character does not match (GB 32100-2015).", error);
    }

    [Theory]
    [InlineData("", UsccErrorKind.Missing, 0, 0, '\0')]
    [InlineData("91411702MA6ULN0X2", UsccErrorKind.Length, 17, 0, '\0')]
    [InlineData("9144030070846113IT", UsccErrorKind.Character, 18, 17, 'I')]
    [InlineData("914403001922038217", UsccErrorKind.CheckCharacter, 18, 18, '7')]
    [InlineData("00ABCDEF000000000R", UsccErrorKind.Authority, 18, 1, '0')]
    [InlineData("91A11702MA6ULN0X24", UsccErrorKind.Division, 18, 3, 'A')]
    [InlineData("91411702MA6ULN0X3Y", UsccErrorKind.OrganisationCode, 18, 17, '3')]
    [InlineData("91411702ma6uln0x2u", UsccErrorKind.None, 0, 0, '\0')]
    public void ValidateNamesTheKindLengthPositionAndCharacterOfTheProblem(string input, UsccErrorKind kind, int length, int position, char character)
    {
        var error = Uscc.Validate(input, out var uscc);

        Assert.Equal(new UsccError(kind, length, position, character), error);
        Assert.Equal(kind == UsccErrorKind.None, !uscc.IsEmpty);
    }

    [Fact]
    public void ValidateNamesTheAuthorityAnEntityTypeWasReadUnder()
    {
        var error = Uscc.Validate("94411702MA6ULN0X2J", out var uscc);

        Assert.Equal(new UsccError(UsccErrorKind.EntityType, 18, 2, '4', '9'), error);
        Assert.True(uscc.IsEmpty);
    }

    [Theory]
    [InlineData("00ABCDEF000000000R", "Character 1 ('0') is not a registration-authority code (GB 32100-2015 Table 1).")]
    [InlineData("B1411702MA6ULN0X2R", "Character 1 ('B') is not a registration-authority code (GB 32100-2015 Table 1).")]
    [InlineData("94411702MA6ULN0X2J", "Character 2 ('4') is not an entity-type code of registration authority '9' (GB 32100-2015 Table 1).")]
    [InlineData("Y2411702MA6ULN0X23", "Character 2 ('2') is not an entity-type code of registration authority 'Y' (GB 32100-2015 Table 1).")]
    [InlineData("9141170LMA6ULN0X20", "Characters 3–8 are the division code and are digits; character 8 is 'L'.")]
    [InlineData("91411702MA6ULN0XXF", "Characters 9–17 are not an organisation code: its check digit (character 17, 'X') does not match (GB 11714-1997).")]
    [InlineData("914403001922038229", "Characters 9–17 are not an organisation code: its check digit (character 17, '2') does not match (GB 11714-1997).")]
    public void RejectsEachStructuralFailureWithAMessageNamingTheRule(string code, string message)
    {
        var parsed = Uscc.TryParse(code, out var uscc, out var error);

        Assert.False(parsed);
        Assert.True(uscc.IsEmpty);
        Assert.Equal(message, error);
    }

    /// <summary>The note of an invalid vector that fails a structural rule starts with the rule ("authority: …").</summary>
    public static TheoryData<string, UsccErrorKind, string> StructuralVectors()
    {
        var rules = new Dictionary<string, UsccErrorKind>(StringComparer.Ordinal)
        {
            ["authority"] = UsccErrorKind.Authority,
            ["entity type"] = UsccErrorKind.EntityType,
            ["division"] = UsccErrorKind.Division,
            ["organisation code"] = UsccErrorKind.OrganisationCode,
        };
        var data = new TheoryData<string, UsccErrorKind, string>();
        foreach (var line in File.ReadLines(TestFiles.Data("uscc-vectors.tsv")).Skip(1))
        {
            var parts = line.Split('\t');
            var rule = parts.Length >= 3 ? parts[2].Split(':')[0] : string.Empty;
            if (parts.Length >= 3 && !bool.Parse(parts[1]) && rules.TryGetValue(rule, out var kind))
            {
                data.Add(parts[0], kind, parts[2]);
            }
        }

        return data;
    }

    [Fact]
    public void TheVectorsHoldAFailureOfEveryStructuralRule()
    {
        var kinds = StructuralVectors().Select(row => row.Data.Item2).Distinct().Order().ToArray();

        Assert.Equal([UsccErrorKind.Authority, UsccErrorKind.EntityType, UsccErrorKind.Division, UsccErrorKind.OrganisationCode], kinds);
    }

    [Theory]
    [MemberData(nameof(StructuralVectors))]
    public void RejectsEachStructuralVectorForTheRuleItsNoteNames(string code, UsccErrorKind kind, string note)
    {
        var error = Uscc.Validate(code, out _);

        Assert.True(error.Kind == kind, $"{code} ({note}): expected {kind}, got {error.Kind}");
        Assert.NotEqual(Uscc.Validate("914403001922038217", out _).Message, error.Message);
    }

    [Theory]
    [InlineData("MA6ULN0X", '2')]
    [InlineData("19220382", '1')]
    [InlineData("ABCDEFGH", '5')]
    [InlineData("MB1A2B3C", 'X')]
    [InlineData("00000000", '0')]
    [InlineData("ma6uln0x", '2')]
    public void OrganisationCheckDigitFollowsGb11714(string first8, char expected)
    {
        var digit = Uscc.OrganisationCheckDigit(first8);

        Assert.Equal(expected, digit);
    }

    [Theory]
    [InlineData("MA6ULN0")]
    [InlineData("MA6ULN0X2")]
    [InlineData("MA6ULN0-")]
    public void OrganisationCheckDigitRejectsAnythingButEightDigitsOrLetters(string first8)
    {
        var exception = Assert.Throws<ArgumentException>(() => Uscc.OrganisationCheckDigit(first8));

        Assert.Equal("first8", exception.ParamName);
    }

    [Theory]
    [InlineData('9', '1', "411702", "MA6ULN0X", "91411702MA6ULN0X2U")]
    [InlineData('1', '1', "411700", "MB195782", "11411700MB19578243")]
    [InlineData('N', '2', "411725", "M0000001", "N2411725M000000195")]
    public void ComposeComputesBothCheckCharacters(char authority, char entityType, string division, string organisationBase, string expected)
    {
        var uscc = Uscc.Compose(authority, entityType, division, organisationBase);

        Assert.Equal(expected, uscc.Value);
        Assert.True(Uscc.IsValid(uscc.Value));
    }

    [Theory]
    [InlineData('0', '1', "411702", "MA6ULN0X", "entityType")]
    [InlineData('9', '9', "411702", "MA6ULN0X", "entityType")]
    [InlineData('9', '1', "41170A", "MA6ULN0X", "division")]
    [InlineData('9', '1', "4117020", "MA6ULN0X", "division")]
    [InlineData('9', '1', "411702", "MA6ULN0", "organisationBase")]
    public void ComposeRejectsPartsOutsideTheStandard(char authority, char entityType, string division, string organisationBase, string parameter)
    {
        var exception = Assert.Throws<ArgumentException>(() => Uscc.Compose(authority, entityType, division, organisationBase));

        Assert.Equal(parameter, exception.ParamName);
    }

    [Fact]
    public void TheRegistrationTableIsGb32100TableOne()
    {
        var table = UsccRegistrationCodes.Authorities.Keys.Order()
            .Select(a => $"{a}:{string.Concat(UsccRegistrationCodes.EntityTypes(a).Order())}")
            .ToArray();

        Assert.Equal(["1:1239", "2:19", "3:123459", "4:19", "5:1239", "6:129", "7:129", "8:19", "9:123", "A:19", "N:1239", "Y:1"], table);
        Assert.Equal("工商（市场监管）", UsccRegistrationCodes.Authorities['9']);
        Assert.Equal("个体工商户", UsccRegistrationCodes.EntityTypeName('9', '2'));
        Assert.Null(UsccRegistrationCodes.EntityTypeName('9', '9'));
    }

    [Theory]
    [InlineData("91411702MA6ULN0X2U", true)]
    [InlineData("91411702ma6uln0x2u", true)]
    [InlineData("91411702MA6ULN0X2T", false)]
    [InlineData(null, false)]
    [InlineData("", false)]
    public void IsValidAgreesWithTryParse(string? input, bool expected)
    {
        var valid = Uscc.IsValid(input);

        Assert.Equal(expected, valid);
        Assert.Equal(Uscc.TryParse(input, out _, out _), valid);
    }

    [Fact]
    public void DefaultIsEmpty()
    {
        var uscc = default(Uscc);

        Assert.True(uscc.IsEmpty);
        Assert.Equal(string.Empty, uscc.Value);
        Assert.Equal(string.Empty, uscc.ToString());
    }

    [Fact]
    public void DefaultHasNoDivisionCode()
    {
        var uscc = default(Uscc);

        var divisionCode = uscc.DivisionCode;

        Assert.Equal(string.Empty, divisionCode);
    }

    [Fact]
    public void ParsedCodeIsNotEmpty()
    {
        var parsed = Uscc.TryParse("91411702MA6ULN0X2U", out var uscc, out var error);

        Assert.True(parsed);
        Assert.False(uscc.IsEmpty);
        Assert.Equal(string.Empty, error);
    }
}
