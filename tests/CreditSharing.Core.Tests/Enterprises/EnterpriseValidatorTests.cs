using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Enterprises;

public sealed class EnterpriseValidatorTests
{
    private const string CityUscc = "91411702MA6ULN0X2U";
    private const string ShenzhenUscc = "914403001922038216";
    private const string RepresentativeIdNumber = "411702198001011233";

    private static readonly DateOnly Today = new(2026, 6, 15);

    private static EnterpriseInput ValidInput() => new(
        CityUscc,
        "驻马店市示例农业发展有限公司",
        new LegalRepresentativeInput("张三", RepresentativeIdNumber),
        "农业",
        "411702",
        "2015-03-20");

    private static string[] Keys(FieldErrors errors) => [.. errors.ToDictionary().Keys];

    [Fact]
    public void AcceptsAValidFullProfile()
    {
        var input = ValidInput();

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(profile);
        Assert.Equal(
            new EnterpriseProfile(
                CityUscc,
                "驻马店市示例农业发展有限公司",
                new LegalRepresentative("张三", RepresentativeIdNumber),
                "农业",
                "411702",
                new DateOnly(2015, 3, 20)),
            profile);
    }

    [Fact]
    public void AcceptsAProfileWithOnlyUsccAndName()
    {
        var input = new EnterpriseInput(ShenzhenUscc, "深圳示例", null, null, null, null);

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal(new EnterpriseProfile(ShenzhenUscc, "深圳示例", null, null, null, null), profile);
    }

    [Fact]
    public void TrimsTextFields()
    {
        var input = new EnterpriseInput(
            "  " + CityUscc + " ",
            "  示例公司  ",
            new LegalRepresentativeInput(" 张三 ", " " + RepresentativeIdNumber + " "),
            " 农业 ",
            " 411721 ",
            " 2015-03-20 ");

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal(
            new EnterpriseProfile(CityUscc, "示例公司", new LegalRepresentative("张三", RepresentativeIdNumber), "农业", "411721", new DateOnly(2015, 3, 20)),
            profile);
    }

    [Fact]
    public void RejectsNullInputOnBody()
    {
        var (profile, errors) = EnterpriseValidator.Validate(null, CityUscc, Today);

        Assert.Null(profile);
        Assert.Equal(["body"], Keys(errors));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RejectsMissingName(string? name)
    {
        var input = ValidInput() with { Name = name };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["name"], Keys(errors));
        Assert.Equal(["A name is required."], errors.ToDictionary()["name"]);
    }

    [Fact]
    public void RejectsNameLongerThanTwoHundredCharacters()
    {
        var input = ValidInput() with { Name = new string('企', EnterpriseValidator.MaxNameLength + 1) };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["name"], Keys(errors));
        Assert.Equal(["A name has at most 200 characters."], errors.ToDictionary()["name"]);
    }

    [Fact]
    public void AcceptsNameOfExactlyTwoHundredCharacters()
    {
        var name = new string('企', EnterpriseValidator.MaxNameLength);
        var input = ValidInput() with { Name = "  " + name + "  " };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal(name, profile?.Name);
    }

    [Fact]
    public void RejectsUsccWithBadCheckCharacter()
    {
        var input = ValidInput() with { Uscc = "91411702MA6ULN0X2T" };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["uscc"], Keys(errors));
        Assert.Equal(["The check character does not match (GB 32100-2015)."], errors.ToDictionary()["uscc"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void RejectsMissingUsccWhenThereIsNoRoute(string? uscc)
    {
        var input = ValidInput() with { Uscc = uscc };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["uscc"], Keys(errors));
        Assert.Equal(["A USCC is required."], errors.ToDictionary()["uscc"]);
    }

    [Fact]
    public void RejectsInvalidRouteUscc()
    {
        var input = ValidInput();

        var (profile, errors) = EnterpriseValidator.Validate(input, "91411702MA6ULN0X2T", Today);

        Assert.Null(profile);
        Assert.Equal(["uscc"], Keys(errors));
    }

    [Fact]
    public void RejectsBodyUsccThatDiffersFromRouteUscc()
    {
        var input = ValidInput() with { Uscc = "91411721MA95XDFT69" };

        var (profile, errors) = EnterpriseValidator.Validate(input, CityUscc, Today);

        Assert.Null(profile);
        Assert.Equal(["uscc"], Keys(errors));
        Assert.Equal(["The USCC in the body differs from the one in the path."], errors.ToDictionary()["uscc"]);
    }

    [Fact]
    public void TakesTheUsccFromTheRouteWhenTheBodyHasNone()
    {
        var input = ValidInput() with { Uscc = null };

        var (profile, errors) = EnterpriseValidator.Validate(input, CityUscc, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal(CityUscc, profile?.Uscc);
    }

    [Theory]
    [InlineData(CityUscc)]
    [InlineData("91411702ma6uln0x2u")]
    [InlineData(" 91411702MA6ULN0X2U ")]
    public void AcceptsBodyUsccThatMatchesRouteUsccIgnoringCaseAndWhitespace(string bodyUscc)
    {
        var input = ValidInput() with { Uscc = bodyUscc };

        var (profile, errors) = EnterpriseValidator.Validate(input, CityUscc, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal(CityUscc, profile?.Uscc);
    }

    [Fact]
    public void AcceptsLowerCaseBodyUsccAndUpperCasesIt()
    {
        var input = ValidInput() with { Uscc = "91411702ma6uln0x2u" };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal(CityUscc, profile?.Uscc);
    }

    [Fact]
    public void AcceptsLowerCaseRouteUsccAndUpperCasesIt()
    {
        var input = ValidInput() with { Uscc = null };

        var (profile, errors) = EnterpriseValidator.Validate(input, "91411702ma6uln0x2u", Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal(CityUscc, profile?.Uscc);
    }

    [Fact]
    public void RejectsLegalRepresentativeIdNumberWithBadCheckDigit()
    {
        var input = ValidInput() with { LegalRepresentative = new LegalRepresentativeInput("张三", "411702198001011234") };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["legalRepresentative.idNumber"], Keys(errors));
        Assert.Equal(
            ["The check character of the ID number does not match (GB 11643-1999)."],
            errors.ToDictionary()["legalRepresentative.idNumber"]);
    }

    [Fact]
    public void RejectsLegalRepresentativeIdNumberWithImpossibleBirthDate()
    {
        var idNumber = IdNumber.WithCheckCharacter("41170219800230123");
        var input = ValidInput() with { LegalRepresentative = new LegalRepresentativeInput("张三", idNumber) };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["legalRepresentative.idNumber"], Keys(errors));
        Assert.Equal(
            ["Characters 7–14 of an ID number are not a real birth date."],
            errors.ToDictionary()["legalRepresentative.idNumber"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void RejectsLegalRepresentativeIdNumberWhenMissing(string? idNumber)
    {
        var input = ValidInput() with { LegalRepresentative = new LegalRepresentativeInput("张三", idNumber) };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["legalRepresentative.idNumber"], Keys(errors));
        Assert.Equal(["An ID number is required."], errors.ToDictionary()["legalRepresentative.idNumber"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RejectsLegalRepresentativeWithMissingName(string? name)
    {
        var input = ValidInput() with { LegalRepresentative = new LegalRepresentativeInput(name, RepresentativeIdNumber) };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["legalRepresentative.name"], Keys(errors));
        Assert.Equal(["The legal representative's name is required."], errors.ToDictionary()["legalRepresentative.name"]);
    }

    [Fact]
    public void RejectsLegalRepresentativeNameLongerThanOneHundredCharacters()
    {
        var name = new string('张', EnterpriseValidator.MaxRepresentativeNameLength + 1);
        var input = ValidInput() with { LegalRepresentative = new LegalRepresentativeInput(name, RepresentativeIdNumber) };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["legalRepresentative.name"], Keys(errors));
        Assert.Equal(["A name has at most 100 characters."], errors.ToDictionary()["legalRepresentative.name"]);
    }

    [Fact]
    public void ReportsBothLegalRepresentativeFieldsWhenBothAreWrong()
    {
        var input = ValidInput() with { LegalRepresentative = new LegalRepresentativeInput(null, "411702198001011234") };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["legalRepresentative.idNumber", "legalRepresentative.name"], Keys(errors));
    }

    [Fact]
    public void NormalisesLowerCaseXInIdNumber()
    {
        var input = ValidInput() with { LegalRepresentative = new LegalRepresentativeInput("李四", "11010519491231002x") };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal(new LegalRepresentative("李四", "11010519491231002X"), profile?.LegalRepresentative);
    }

    [Fact]
    public void AcceptsIdNumberBuiltWithCheckCharacter()
    {
        var idNumber = IdNumber.WithCheckCharacter("41172919951120004");
        var input = ValidInput() with { LegalRepresentative = new LegalRepresentativeInput("王五", idNumber) };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal(idNumber, profile?.LegalRepresentative?.IdNumber);
    }

    [Fact]
    public void LeavesLegalRepresentativeOutWhenAbsent()
    {
        var input = ValidInput() with { LegalRepresentative = null };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(profile);
        Assert.Null(profile.LegalRepresentative);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void DerivesCountyFromCityUsccWhenAbsent(string? county)
    {
        var input = ValidInput() with { Uscc = "91411727MAB7J7KH22", County = county };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal("411727", profile?.County);
    }

    [Fact]
    public void DerivesCountyFromRouteUsccWhenAbsent()
    {
        var input = ValidInput() with { Uscc = null, County = null };

        var (profile, errors) = EnterpriseValidator.Validate(input, "91411729MAU4W56P62", Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal("411729", profile?.County);
    }

    [Fact]
    public void DoesNotDeriveCountyFromUsccRegisteredOutsideTheCity()
    {
        var input = ValidInput() with { Uscc = ShenzhenUscc, County = null };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(profile);
        Assert.Null(profile.County);
    }

    [Fact]
    public void DerivesTheCityItselfFromAUsccRegisteredAtCityLevel()
    {
        var input = ValidInput() with { Uscc = "91411700MA6ULN0X2Y", County = null };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(profile);
        Assert.Equal("411700", profile.County);
    }

    [Fact]
    public void AcceptsTheCityItselfAsCounty()
    {
        var input = ValidInput() with { County = "411700" };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal("411700", profile?.County);
    }

    [Fact]
    public void KeepsExplicitCountyOverTheOneInTheUscc()
    {
        var input = ValidInput() with { Uscc = CityUscc, County = "411721" };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal("411721", profile?.County);
    }

    [Theory]
    [InlineData("411799")]
    [InlineData("411701")]
    public void RejectsCityCodeThatIsNotACounty(string county)
    {
        var input = ValidInput() with { County = county };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["county"], Keys(errors));
        Assert.Equal([$"{county} is not a county of Zhumadian."], errors.ToDictionary()["county"]);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("41170")]
    [InlineData("4117021")]
    [InlineData("41170A")]
    [InlineData("4117 2")]
    [InlineData("\uFF14\uFF11\uFF11\uFF17\uFF10\uFF12")]
    public void RejectsCountyThatIsNotSixDigits(string county)
    {
        var input = ValidInput() with { County = county };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["county"], Keys(errors));
        Assert.Equal(["A county is a 6-digit division code."], errors.ToDictionary()["county"]);
    }

    [Fact]
    public void AcceptsExplicitCountyOutsideTheCity()
    {
        var input = ValidInput() with { Uscc = ShenzhenUscc, County = "440300" };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal("440300", profile?.County);
    }

    [Theory]
    [InlineData("2026/01/01")]
    [InlineData("20260101")]
    [InlineData("2026-1-1")]
    [InlineData("01-01-2026")]
    [InlineData("2026-01-01T00:00:00")]
    [InlineData("yesterday")]
    public void RejectsRegistrationDateInAnotherFormat(string registeredOn)
    {
        var input = ValidInput() with { RegisteredOn = registeredOn };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["registeredOn"], Keys(errors));
        Assert.Equal(["A date is written YYYY-MM-DD and must exist."], errors.ToDictionary()["registeredOn"]);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2025-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("2026-04-31")]
    public void RejectsImpossibleRegistrationDate(string registeredOn)
    {
        var input = ValidInput() with { RegisteredOn = registeredOn };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["registeredOn"], Keys(errors));
        Assert.Equal(["A date is written YYYY-MM-DD and must exist."], errors.ToDictionary()["registeredOn"]);
    }

    [Theory]
    [InlineData("2026-06-16")]
    [InlineData("2027-01-01")]
    public void RejectsRegistrationDateInTheFuture(string registeredOn)
    {
        var input = ValidInput() with { RegisteredOn = registeredOn };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["registeredOn"], Keys(errors));
        Assert.Equal(["The registration date is in the future."], errors.ToDictionary()["registeredOn"]);
    }

    [Fact]
    public void AcceptsRegistrationDateOfToday()
    {
        var input = ValidInput() with { RegisteredOn = "2026-06-15" };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal(Today, profile?.RegisteredOn);
    }

    [Fact]
    public void AcceptsRegistrationDateOnLeapDay()
    {
        var input = ValidInput() with { RegisteredOn = "2024-02-29" };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal(new DateOnly(2024, 2, 29), profile?.RegisteredOn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void LeavesRegistrationDateOutWhenAbsent(string? registeredOn)
    {
        var input = ValidInput() with { RegisteredOn = registeredOn };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(profile);
        Assert.Null(profile.RegisteredOn);
    }

    [Fact]
    public void RejectsIndustryLongerThanOneHundredCharacters()
    {
        var input = ValidInput() with { Industry = new string('业', EnterpriseValidator.MaxIndustryLength + 1) };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["industry"], Keys(errors));
        Assert.Equal(["An industry has at most 100 characters."], errors.ToDictionary()["industry"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void LeavesBlankIndustryOut(string? industry)
    {
        var input = ValidInput() with { Industry = industry };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(profile);
        Assert.Null(profile.Industry);
    }

    [Theory]
    [InlineData("F51", "F51")]
    [InlineData("g59", "G59")]
    [InlineData("I", "I")]
    [InlineData(null, null)]
    [InlineData(" ", null)]
    public void KeepsAnIndustryCodeOfTheTableUpperCased(string? industryCode, string? expected)
    {
        var input = ValidInput() with { IndustryCode = industryCode };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.True(errors.IsEmpty);
        Assert.Equal(expected, profile?.IndustryCode);
        Assert.Equal("农业", profile?.Industry);
    }

    [Theory]
    [InlineData("F99")]
    [InlineData("X")]
    [InlineData("批发业")]
    public void RejectsAnIndustryCodeOutsideTheTableNamingTheField(string industryCode)
    {
        var input = ValidInput() with { IndustryCode = industryCode };

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(["industryCode"], Keys(errors));
    }

    [Fact]
    public void ReportsEveryInvalidFieldAtOnce()
    {
        var input = new EnterpriseInput(
            "91411702MA6ULN0X2T",
            " ",
            new LegalRepresentativeInput("", "411702198001011234"),
            new string('业', 101),
            "abc",
            "2026/01/01");

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc: null, Today);

        Assert.Null(profile);
        Assert.Equal(
            ["county", "industry", "legalRepresentative.idNumber", "legalRepresentative.name", "name", "registeredOn", "uscc"],
            Keys(errors));
        Assert.All(errors.ToDictionary().Values, messages => Assert.Single(messages));
    }
}
