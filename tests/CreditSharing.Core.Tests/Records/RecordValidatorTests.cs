using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Records;

public sealed class RecordValidatorTests
{
    private const string Provider = "sw-zmd";
    private const string EnterpriseUscc = "91411702MA6ULN0X2U";

    private static readonly string AuthorityUscc = Uscc.Compose('1', '1', "411700", "MB195782").Value;

    private static readonly DateOnly Today = new(2026, 6, 15);

    private static readonly string[] QualifierFields = [RecordCategories.Severity, RecordCategories.Rating, RecordCategories.Outcome];

    /// <summary>Every category with its qualifier field and one allowed value (honour has none).</summary>
    private static readonly (string Category, string? Field, string? Value)[] Categories =
    [
        ("license", "outcome", "granted"),
        ("penalty", "severity", "general"),
        ("tax-rating", "rating", "A"),
        ("social-security-arrears", "outcome", "active"),
        ("utility-arrears", "outcome", "cleared"),
        ("customs-credit", "rating", "advanced-certified"),
        ("transport-credit", "rating", "poor"),
        ("commitment", "outcome", "fulfilled"),
        ("inspection", "outcome", "passed"),
        ("complaint", "outcome", "verified"),
        ("honour", null, null),
        ("court-dishonest", "outcome", "active"),
        ("industry-rating", "rating", "AAA"),
    ];

    /// <summary>The values a record of the category may carry when it names no scheme.</summary>
    private static string DefaultValues(string category)
        => string.Join(" | ", RecordCategories.All[category].Schemes?[string.Empty] ?? RecordCategories.All[category].AllowedValues);

    public static TheoryData<string, string?, string?> ValidQualifiers()
    {
        var data = new TheoryData<string, string?, string?>();
        foreach (var (category, field, value) in Categories)
        {
            data.Add(category, field, value);
        }

        return data;
    }

    /// <summary>Every allowed qualifier value of every category, as docs/records.md lists them.</summary>
    public static TheoryData<string, string, string> EveryAllowedValue()
    {
        var data = new TheoryData<string, string, string>();
        void Add(string category, string field, params string[] values)
        {
            foreach (var value in values)
            {
                data.Add(category, field, value);
            }
        }

        Add("penalty", "severity", "minor", "general", "serious");
        Add("tax-rating", "rating", "A", "B", "M", "C", "D");
        Add("customs-credit", "rating", "advanced-certified", "general", "dishonest");
        Add("transport-credit", "rating", "good", "average", "poor");
        Add("commitment", "outcome", "pending", "fulfilled", "breached");
        Add("inspection", "outcome", "passed", "failed");
        Add("complaint", "outcome", "verified", "unverified");
        Add("license", "outcome", "granted", "revoked");
        Add("social-security-arrears", "outcome", "active", "cleared");
        Add("utility-arrears", "outcome", "active", "cleared");
        Add("court-dishonest", "outcome", "active", "cleared");
        Add("industry-rating", "rating", "AAA", "AA", "A", "B", "C");
        return data;
    }

    /// <summary>Categories that use a qualifier, with that field.</summary>
    public static TheoryData<string, string> QualifiedCategories()
    {
        var data = new TheoryData<string, string>();
        foreach (var (category, field, _) in Categories)
        {
            if (field is not null)
            {
                data.Add(category, field);
            }
        }

        return data;
    }

    /// <summary>Every (category, qualifier field the category does not use).</summary>
    public static TheoryData<string, string> UnusedQualifiers()
    {
        var data = new TheoryData<string, string>();
        foreach (var (category, field, _) in Categories)
        {
            foreach (var other in QualifierFields.Where(f => f != field))
            {
                data.Add(category, other);
            }
        }

        return data;
    }

    public static TheoryData<string> CategoriesWithoutDocument() =>
    [
        "tax-rating", "social-security-arrears", "utility-arrears", "customs-credit", "transport-credit", "commitment", "inspection",
        "complaint", "honour", "court-dishonest", "industry-rating",
    ];

    private static RecordInput PenaltyInput() => new(
        "SW-2026-000123",
        EnterpriseUscc,
        "penalty",
        "未按规定公示年度报告",
        "当事人未按照规定的期限公示年度报告，责令改正并处罚款。",
        "2026-05-01",
        "驻市监罚〔2026〕12号",
        "驻马店市市场监督管理局",
        AuthorityUscc,
        "《企业信息公示暂行条例》第十八条",
        "general",
        null,
        null,
        5000.00m,
        null,
        "public");

    private static RecordInput Input(string category, string? field, string? value) => PenaltyInput() with
    {
        Category = category,
        Severity = field == RecordCategories.Severity ? value : null,
        Rating = field == RecordCategories.Rating ? value : null,
        Outcome = field == RecordCategories.Outcome ? value : null,
    };

    private static RecordInput WithQualifier(RecordInput input, string field, string? value) => field switch
    {
        RecordCategories.Severity => input with { Severity = value },
        RecordCategories.Rating => input with { Rating = value },
        RecordCategories.Outcome => input with { Outcome = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static string? QualifierOf(CreditRecord record, string field) => field switch
    {
        RecordCategories.Severity => record.Severity,
        RecordCategories.Rating => record.Rating,
        RecordCategories.Outcome => record.Outcome,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static string[] Keys(FieldErrors errors) => [.. errors.ToDictionary().Keys];

    private static (CreditRecord? Record, FieldErrors Errors) Validate(RecordInput? input) => RecordValidator.Validate(input, Provider, Today);

    [Fact]
    public void AcceptsTheWireFormatExamplePenaltyWithEveryField()
    {
        var input = PenaltyInput();

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal(
            new CreditRecord(
                Provider,
                "SW-2026-000123",
                EnterpriseUscc,
                "penalty",
                "未按规定公示年度报告",
                "当事人未按照规定的期限公示年度报告，责令改正并处罚款。",
                new DateOnly(2026, 5, 1),
                "驻市监罚〔2026〕12号",
                "驻马店市市场监督管理局",
                AuthorityUscc,
                "《企业信息公示暂行条例》第十八条",
                "general",
                null,
                null,
                5000.00m,
                null,
                "public"),
            record);
    }

    [Theory]
    [MemberData(nameof(ValidQualifiers))]
    public void AcceptsAValidRecordOfEveryCategory(string category, string? field, string? value)
    {
        var input = Input(category, field, value);

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        Assert.NotNull(record);
        Assert.Equal(category, record.Category);
        foreach (var qualifier in QualifierFields)
        {
            Assert.Equal(qualifier == field ? value : null, QualifierOf(record, qualifier));
        }
    }

    [Theory]
    [MemberData(nameof(EveryAllowedValue))]
    public void AcceptsEveryAllowedQualifierValue(string category, string field, string value)
    {
        var input = Input(category, field, value);

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(record);
        Assert.Equal(value, QualifierOf(record, field));
    }

    [Fact]
    public void EveryCategoryOfTheDesignIsKnown()
    {
        var categories = RecordCategories.All.Keys.Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            [
                "commitment", "complaint", "court-dishonest", "customs-credit", "honour", "industry-rating", "inspection", "license", "penalty",
                "social-security-arrears", "tax-rating", "transport-credit", "utility-arrears",
            ],
            categories);
    }

    [Theory]
    [MemberData(nameof(QualifiedCategories))]
    public void RejectsARecordWithoutItsCategorysQualifier(string category, string field)
    {
        var input = Input(category, field, null);

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal([field], Keys(errors));
        var message = Assert.Single(errors.ToDictionary()[field]);
        var allowed = DefaultValues(category);
        Assert.Equal($"A {category} record needs {field}: {allowed}.", message);
    }

    [Theory]
    [MemberData(nameof(QualifiedCategories))]
    public void TreatsABlankQualifierAsMissing(string category, string field)
    {
        var input = Input(category, field, "   ");

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal([field], Keys(errors));
        Assert.StartsWith($"A {category} record needs {field}: ", Assert.Single(errors.ToDictionary()[field]), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(QualifiedCategories))]
    public void RejectsAQualifierValueTheCategoryDoesNotAllow(string category, string field)
    {
        var input = Input(category, field, "excellent");

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal([field], Keys(errors));
        var allowed = DefaultValues(category);
        Assert.Equal([$"'excellent' is not a {field} of a {category} record: {allowed}."], errors.ToDictionary()[field]);
    }

    [Theory]
    [InlineData("penalty", "severity", "General")]
    [InlineData("penalty", "severity", "serous")]
    [InlineData("penalty", "severity", "A")]
    [InlineData("tax-rating", "rating", "a")]
    [InlineData("tax-rating", "rating", "E")]
    [InlineData("tax-rating", "rating", "AA")]
    [InlineData("customs-credit", "rating", "good")]
    [InlineData("transport-credit", "rating", "general")]
    [InlineData("commitment", "outcome", "passed")]
    [InlineData("inspection", "outcome", "verified")]
    [InlineData("complaint", "outcome", "pending")]
    [InlineData("license", "outcome", "active")]
    [InlineData("court-dishonest", "outcome", "granted")]
    public void RejectsAQualifierValueOfAnotherCategoryOrCase(string category, string field, string value)
    {
        var input = Input(category, field, value);

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal([field], Keys(errors));
        Assert.StartsWith($"'{value}' is not a {field} of a {category} record: ", Assert.Single(errors.ToDictionary()[field]), StringComparison.Ordinal);
    }

    [Fact]
    public void TrimsTheQualifier()
    {
        var input = Input("penalty", "severity", "  serious ");

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal("serious", record?.Severity);
    }

    [Theory]
    [MemberData(nameof(UnusedQualifiers))]
    public void RejectsAQualifierTheCategoryDoesNotUse(string category, string unusedField)
    {
        var (_, field, value) = Categories.Single(c => c.Category == category);
        var input = WithQualifier(Input(category, field, value), unusedField, "general");

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal([unusedField], Keys(errors));
        Assert.Equal([$"A {category} record has no {unusedField}."], errors.ToDictionary()[unusedField]);
    }

    [Fact]
    public void RejectsSeverityOnATaxRating()
    {
        var input = Input("tax-rating", "rating", "B") with { Severity = "serious" };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["severity"], Keys(errors));
        Assert.Equal(["A tax-rating record has no severity."], errors.ToDictionary()["severity"]);
    }

    [Fact]
    public void HonourNeedsNoQualifier()
    {
        var input = new RecordInput(
            "HONOUR-1", EnterpriseUscc, "honour", "诚信商户", null, "2026-01-20", null, "驻马店市商务局", null, null, null, null, null, null, null, "public");

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(record);
        Assert.Null(record.Severity);
        Assert.Null(record.Rating);
        Assert.Null(record.Outcome);
    }

    [Fact]
    public void RejectsEveryQualifierOnHonourAtOnce()
    {
        var input = Input("honour", null, null) with { Severity = "minor", Rating = "A", Outcome = "granted" };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["outcome", "rating", "severity"], Keys(errors));
        Assert.Equal(["A honour record has no outcome."], errors.ToDictionary()["outcome"]);
    }

    [Theory]
    [InlineData("fine")]
    [InlineData("Penalty")]
    [InlineData("tax_rating")]
    [InlineData("行政处罚")]
    public void RejectsAnUnknownCategory(string category)
    {
        var input = PenaltyInput() with { Category = category };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["category"], Keys(errors));
        var message = Assert.Single(errors.ToDictionary()["category"]);
        Assert.StartsWith($"Unknown category '{category}'. Categories are ", message, StringComparison.Ordinal);
        Assert.Contains("tax-rating", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void RejectsAMissingCategory(string? category)
    {
        var input = PenaltyInput() with { Category = category };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["category"], Keys(errors));
        Assert.Equal(["A category is required."], errors.ToDictionary()["category"]);
    }

    [Fact]
    public void TrimsTheCategory()
    {
        var input = PenaltyInput() with { Category = " penalty " };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal("penalty", record?.Category);
    }

    [Fact]
    public void RejectsAMissingBody()
    {
        var (record, errors) = Validate(null);

        Assert.Null(record);
        Assert.Equal(["body"], Keys(errors));
        Assert.Equal(["A credit record is required."], errors.ToDictionary()["body"]);
    }

    [Theory]
    [InlineData("91411702MA6ULN0X2T", "The check character does not match (GB 32100-2015).")]
    [InlineData("91411702MA6ULN0X2", "A USCC has 18 characters; this one has 17.")]
    [InlineData("91411702MA6ULN0I2U", "Character 16 ('I') is not in the USCC alphabet.")]
    [InlineData(null, "A USCC is required.")]
    [InlineData(" ", "A USCC is required.")]
    public void RejectsAnInvalidUscc(string? uscc, string message)
    {
        var input = PenaltyInput() with { Uscc = uscc };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["uscc"], Keys(errors));
        Assert.Equal([message], errors.ToDictionary()["uscc"]);
    }

    [Fact]
    public void UpperCasesALowerCaseUscc()
    {
        var input = PenaltyInput() with { Uscc = " 91411702ma6uln0x2u " };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal(EnterpriseUscc, record?.Uscc);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RejectsAMissingSourceId(string? sourceId)
    {
        var input = PenaltyInput() with { SourceId = sourceId };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["sourceId"], Keys(errors));
        Assert.Equal(["sourceId is required."], errors.ToDictionary()["sourceId"]);
    }

    [Fact]
    public void RejectsASourceIdLongerThanOneHundredCharacters()
    {
        var input = PenaltyInput() with { SourceId = new string('S', RecordValidator.MaxSourceIdLength + 1) };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["sourceId"], Keys(errors));
        Assert.Equal(["sourceId has at most 100 characters; this one has 101."], errors.ToDictionary()["sourceId"]);
    }

    [Theory]
    [InlineData("SW\t2026")]
    [InlineData("SW\u00002026")]
    [InlineData("SW\u007F2026")]
    [InlineData("SW\n2026")]
    public void RejectsASourceIdWithControlCharacters(string sourceId)
    {
        var input = PenaltyInput() with { SourceId = sourceId };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["sourceId"], Keys(errors));
        Assert.Equal(["sourceId may not hold control characters (NUL, escape, tab, line breaks)."], errors.ToDictionary()["sourceId"]);
    }

    [Fact]
    public void TrimsTheSourceId()
    {
        var input = PenaltyInput() with { SourceId = "  SW-2026-000123\t" };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal("SW-2026-000123", record?.SourceId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void RejectsAMissingTitle(string? title)
    {
        var input = PenaltyInput() with { Title = title };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["title"], Keys(errors));
        Assert.Equal(["title is required."], errors.ToDictionary()["title"]);
    }

    [Fact]
    public void AcceptsATitleOfExactlyTwoHundredCharacters()
    {
        var title = new string('罚', RecordValidator.MaxTitleLength);
        var input = PenaltyInput() with { Title = title };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal(title, record?.Title);
    }

    [Fact]
    public void RejectsATitleLongerThanTwoHundredCharacters()
    {
        var input = PenaltyInput() with { Title = new string('罚', RecordValidator.MaxTitleLength + 1) };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["title"], Keys(errors));
        Assert.Equal(["title has at most 200 characters; this one has 201."], errors.ToDictionary()["title"]);
    }

    [Fact]
    public void AcceptsContentOfExactlyFourThousandCharacters()
    {
        var content = new string('信', RecordValidator.MaxContentLength);
        var input = PenaltyInput() with { Content = content };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal(content, record?.Content);
    }

    [Fact]
    public void RejectsContentLongerThanFourThousandCharacters()
    {
        var input = PenaltyInput() with { Content = new string('信', RecordValidator.MaxContentLength + 1) };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["content"], Keys(errors));
        Assert.StartsWith("content has at most ", Assert.Single(errors.ToDictionary()["content"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void LeavesBlankContentOut(string? content)
    {
        var input = PenaltyInput() with { Content = content };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(record);
        Assert.Null(record.Content);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void RejectsAMissingAuthority(string? authority)
    {
        var input = PenaltyInput() with { Authority = authority };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["authority"], Keys(errors));
        Assert.Equal(["authority is required."], errors.ToDictionary()["authority"]);
    }

    [Fact]
    public void AcceptsADecisionDateOfToday()
    {
        var input = PenaltyInput() with { DecisionDate = "2026-06-15" };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal(Today, record?.DecisionDate);
    }

    [Theory]
    [InlineData("2026-06-16")]
    [InlineData("2027-01-01")]
    public void RejectsADecisionDateInTheFuture(string decisionDate)
    {
        var input = PenaltyInput() with { DecisionDate = decisionDate };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["decisionDate"], Keys(errors));
        Assert.Equal(["The decision date is in the future."], errors.ToDictionary()["decisionDate"]);
    }

    [Fact]
    public void JudgesTheFutureAgainstTheTodayItIsGiven()
    {
        var input = PenaltyInput() with { DecisionDate = "2026-06-16" };

        var (record, errors) = RecordValidator.Validate(input, Provider, new DateOnly(2026, 6, 16));

        Assert.True(errors.IsEmpty);
        Assert.Equal(new DateOnly(2026, 6, 16), record?.DecisionDate);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2025-02-29")]
    [InlineData("2026-04-31")]
    [InlineData("2026-13-01")]
    [InlineData("2026/05/01")]
    [InlineData("20260501")]
    [InlineData("2026-5-1")]
    [InlineData("01-05-2026")]
    [InlineData("2026-05-01T00:00:00+08:00")]
    [InlineData("２０２６-05-01")]
    public void RejectsADecisionDateThatIsNotAnExistingYyyyMmDdDate(string decisionDate)
    {
        var input = PenaltyInput() with { DecisionDate = decisionDate };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["decisionDate"], Keys(errors));
        Assert.Equal([$"'{decisionDate}' is not a date: write YYYY-MM-DD, and the day must exist."], errors.ToDictionary()["decisionDate"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void RejectsAMissingDecisionDate(string? decisionDate)
    {
        var input = PenaltyInput() with { DecisionDate = decisionDate };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["decisionDate"], Keys(errors));
        Assert.Equal(["decisionDate is required (YYYY-MM-DD)."], errors.ToDictionary()["decisionDate"]);
    }

    [Fact]
    public void AcceptsADecisionDateOnALeapDay()
    {
        var input = PenaltyInput() with { DecisionDate = "2024-02-29" };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal(new DateOnly(2024, 2, 29), record?.DecisionDate);
    }

    [Fact]
    public void RejectsValidUntilBeforeTheDecisionDate()
    {
        var input = PenaltyInput() with { DecisionDate = "2026-05-01", ValidUntil = "2026-04-30" };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["validUntil"], Keys(errors));
        Assert.Equal(["Valid-until is before the decision date."], errors.ToDictionary()["validUntil"]);
    }

    [Theory]
    [InlineData("2026-05-01")]
    [InlineData("2031-05-01")]
    public void AcceptsValidUntilOnOrAfterTheDecisionDateEvenInTheFuture(string validUntil)
    {
        var input = PenaltyInput() with { DecisionDate = "2026-05-01", ValidUntil = validUntil };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal(DateOnly.ParseExact(validUntil, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), record?.ValidUntil);
    }

    [Theory]
    [InlineData("2027-02-30")]
    [InlineData("2027/05/01")]
    public void RejectsAValidUntilThatIsNotADate(string validUntil)
    {
        var input = PenaltyInput() with { ValidUntil = validUntil };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["validUntil"], Keys(errors));
        Assert.Equal([$"'{validUntil}' is not a date: write YYYY-MM-DD, and the day must exist."], errors.ToDictionary()["validUntil"]);
    }

    [Theory]
    [InlineData("penalty", "severity", "serious")]
    [InlineData("license", "outcome", "granted")]
    public void RejectsADecisionCategoryWithoutDocumentNoAndLegalBasis(string category, string field, string value)
    {
        var input = Input(category, field, value) with { DocumentNo = null, LegalBasis = " " };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["documentNo", "legalBasis"], Keys(errors));
        Assert.Equal(["documentNo is required."], errors.ToDictionary()["documentNo"]);
        Assert.Equal(["legalBasis is required."], errors.ToDictionary()["legalBasis"]);
    }

    [Theory]
    [MemberData(nameof(CategoriesWithoutDocument))]
    public void AcceptsOtherCategoriesWithoutDocumentNoOrLegalBasis(string category)
    {
        var (_, field, value) = Categories.Single(c => c.Category == category);
        var input = Input(category, field, value) with { DocumentNo = null, LegalBasis = null };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(record);
        Assert.Null(record.DocumentNo);
        Assert.Null(record.LegalBasis);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(-5000)]
    public void RejectsANegativeAmount(double amount)
    {
        var input = PenaltyInput() with { Amount = (decimal)amount };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["amount"], Keys(errors));
        Assert.Equal(["An amount is in yuan, from 0 to 1,000,000,000,000."], errors.ToDictionary()["amount"]);
    }

    [Fact]
    public void RejectsAnAmountAboveOneTrillionYuan()
    {
        var input = PenaltyInput() with { Amount = RecordValidator.MaxAmount + 0.01m };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["amount"], Keys(errors));
    }

    [Fact]
    public void AcceptsAmountsFromZeroToOneTrillionYuan()
    {
        var zero = Validate(PenaltyInput() with { Amount = 0m });
        var max = Validate(PenaltyInput() with { Amount = RecordValidator.MaxAmount });
        var none = Validate(PenaltyInput() with { Amount = null });

        Assert.Equal(0m, zero.Record?.Amount);
        Assert.Equal(RecordValidator.MaxAmount, max.Record?.Amount);
        Assert.True(none.Errors.IsEmpty);
        Assert.Null(none.Record?.Amount);
    }

    [Theory]
    [InlineData("1234.5678", "1234.57")]
    [InlineData("1234.561", "1234.56")]
    [InlineData("5000", "5000.00")]
    [InlineData("0.004", "0.00")]
    [InlineData("99.999", "100.00")]
    public void RoundsTheAmountToTwoDecimals(string amount, string expected)
    {
        var input = PenaltyInput() with { Amount = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture) };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), record?.Amount);
    }

    [Theory]
    [InlineData("0.125", "0.13")]
    [InlineData("2.675", "2.68")]
    [InlineData("0.005", "0.01")]
    [InlineData("0.045", "0.05")]
    [InlineData("1234.565", "1234.57")]
    [InlineData("999999999999.995", "1000000000000.00")]
    public void RoundsAHalfFenAwayFromZero(string amount, string expected)
    {
        var input = PenaltyInput() with { Amount = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture) };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), record?.Amount);
    }

    [Fact]
    public void RejectsANegativeHalfFenRatherThanRoundingIt()
    {
        var input = PenaltyInput() with { Amount = -0.005m };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["amount"], Keys(errors));
    }

    [Fact]
    public void WritesLengthsWithInvariantDigitGroupingWhateverTheCurrentCulture()
    {
        var input = PenaltyInput() with
        {
            Content = new string('信', RecordValidator.MaxContentLength + 1),
            LegalBasis = new string('法', RecordValidator.MaxLegalBasisLength + 1234),
        };
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        (CreditRecord? Record, FieldErrors Errors) result;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");

            result = Validate(input);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }

        Assert.Null(result.Record);
        Assert.Equal(["content", "legalBasis"], Keys(result.Errors));
        var content = Assert.Single(result.Errors.ToDictionary()["content"]);
        Assert.Contains("4,000", content, StringComparison.Ordinal);
        Assert.Equal("content has at most 4,000 characters; this one has 4,001.", content);
        Assert.Equal(["legalBasis has at most 2,000 characters; this one has 3,234."], result.Errors.ToDictionary()["legalBasis"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void RejectsAMissingDisclosure(string? disclosure)
    {
        var input = PenaltyInput() with { Disclosure = disclosure };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["disclosure"], Keys(errors));
        Assert.Equal(["A disclosure tier is required: public | shared | restricted."], errors.ToDictionary()["disclosure"]);
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("Public")]
    [InlineData("公开")]
    public void RejectsAnInvalidDisclosure(string disclosure)
    {
        var input = PenaltyInput() with { Disclosure = disclosure };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["disclosure"], Keys(errors));
        Assert.Equal([$"'{disclosure}' is not a disclosure tier: public | shared | restricted."], errors.ToDictionary()["disclosure"]);
    }

    [Theory]
    [InlineData("public")]
    [InlineData("shared")]
    [InlineData(" restricted ")]
    public void AcceptsEveryDisclosureTier(string disclosure)
    {
        var input = PenaltyInput() with { Disclosure = disclosure };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal(disclosure.Trim(), record?.Disclosure);
    }

    [Theory]
    [InlineData("114117", "A USCC has 18 characters; this one has 6.")]
    [InlineData("11411700MB19578I2X", "Character 16 ('I') is not in the USCC alphabet.")]
    [InlineData("驻马店市市场监督管理局", "A USCC has 18 characters; this one has 11.")]
    public void RejectsAnInvalidAuthorityUscc(string authorityUscc, string message)
    {
        var input = PenaltyInput() with { AuthorityUscc = authorityUscc };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["authorityUscc"], Keys(errors));
        Assert.Equal([message], errors.ToDictionary()["authorityUscc"]);
    }

    [Fact]
    public void RejectsAnAuthorityUsccWithAWrongCheckCharacter()
    {
        var wrong = AuthorityUscc[..17] + (AuthorityUscc[17] == '0' ? '1' : '0');
        var input = PenaltyInput() with { AuthorityUscc = wrong };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["authorityUscc"], Keys(errors));
        Assert.Equal(["The check character does not match (GB 32100-2015)."], errors.ToDictionary()["authorityUscc"]);
    }

    [Fact]
    public void UpperCasesALowerCaseAuthorityUscc()
    {
        var input = PenaltyInput() with { AuthorityUscc = AuthorityUscc.ToLowerInvariant() };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal(AuthorityUscc, record?.AuthorityUscc);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void LeavesABlankAuthorityUsccOut(string? authorityUscc)
    {
        var input = PenaltyInput() with { AuthorityUscc = authorityUscc };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(record);
        Assert.Null(record.AuthorityUscc);
    }

    [Fact]
    public void PreservesChineseTextExactly()
    {
        const string title = "驻马店市“诚信”示范企业——失信行为（已整改）𠀀";
        const string content = "经查，当事人于2026年3月1日至4月30日期间，销售不合格化肥共计1,200袋；\n违法所得人民币￥3,600.00元。";
        const string documentNo = "驻市监罚〔2026〕12号";
        const string authority = "驻马店市市场监督管理局（驿城分局）";
        const string legalBasis = "《中华人民共和国产品质量法》第四十九条、第五十条";
        var input = PenaltyInput() with { Title = title, Content = content, DocumentNo = documentNo, Authority = authority, LegalBasis = legalBasis };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(record);
        Assert.Equal(title, record.Title);
        Assert.Equal(content, record.Content);
        Assert.Equal(documentNo, record.DocumentNo);
        Assert.Equal(authority, record.Authority);
        Assert.Equal(legalBasis, record.LegalBasis);
    }

    [Fact]
    public void TrimsTextFields()
    {
        var input = PenaltyInput() with { Title = "  标题\t", Authority = " 驻马店市税务局 ", DocumentNo = " 驻税罚〔2026〕1号 " };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal("标题", record?.Title);
        Assert.Equal("驻马店市税务局", record?.Authority);
        Assert.Equal("驻税罚〔2026〕1号", record?.DocumentNo);
    }

    [Fact]
    public void GivesTheRecordItsProviderAndSourceId()
    {
        var input = PenaltyInput();

        var (record, _) = RecordValidator.Validate(input, "tax-zmd", Today);

        Assert.NotNull(record);
        Assert.Equal("tax-zmd", record.ProviderId);
        Assert.Equal("tax-zmd~SW-2026-000123", record.Id);
    }

    [Fact]
    public void EscapesKeyCharactersOfTheSourceIdInTheRecordId()
    {
        var input = PenaltyInput() with { SourceId = "驻市监罚/2026#12?a\\b%c~d" };

        var (record, errors) = RecordValidator.Validate(input, "sw/zmd", Today);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(record);
        Assert.Equal("驻市监罚/2026#12?a\\b%c~d", record.SourceId);
        Assert.Equal("sw%2Fzmd~驻市监罚%2F2026%2312%3Fa%5Cb%25c%7Ed", record.Id);
        Assert.Equal(RecordId.Of("sw/zmd", "驻市监罚/2026#12?a\\b%c~d"), record.Id);
    }

    [Fact]
    public void ReportsEveryInvalidFieldAtOnce()
    {
        var input = new RecordInput(
            null,
            "91411702MA6ULN0X2T",
            "penalty",
            new string('题', 201),
            null,
            "2026/05/01",
            null,
            null,
            "bad",
            null,
            "fatal",
            "granted",
            null,
            -1m,
            "2026-02-30",
            "secret");

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(
            [
                "amount", "authority", "authorityUscc", "decisionDate", "disclosure", "documentNo", "legalBasis", "outcome", "severity",
                "sourceId", "title", "uscc", "validUntil",
            ],
            Keys(errors));
        Assert.All(errors.ToDictionary().Values, messages => Assert.Single(messages));
    }

    [Theory]
    [InlineData("AAA", null)]
    [InlineData("C", null)]
    [InlineData("5A", "logistics-a-level")]
    [InlineData("1A", " logistics-a-level ")]
    public void AcceptsAnIndustryRatingOfItsScheme(string rating, string? scheme)
    {
        var input = Input(RecordCategories.IndustryRating, RecordCategories.Rating, rating) with { Scheme = scheme };

        var (record, errors) = Validate(input);

        Assert.True(errors.IsEmpty);
        Assert.Equal(rating, record!.Rating);
        Assert.Equal(scheme?.Trim(), record.Scheme);
    }

    [Theory]
    [InlineData("5A", null, "'5A' is not a rating of a industry-rating record: AAA | AA | A | B | C.")]
    [InlineData("AAA", "logistics-a-level", "'AAA' is not a rating of a industry-rating record under scheme logistics-a-level: 5A | 4A | 3A | 2A | 1A.")]
    [InlineData("6A", "logistics-a-level", "'6A' is not a rating of a industry-rating record under scheme logistics-a-level: 5A | 4A | 3A | 2A | 1A.")]
    public void RejectsARatingOutsideItsScheme(string rating, string? scheme, string message)
    {
        var input = Input(RecordCategories.IndustryRating, RecordCategories.Rating, rating) with { Scheme = scheme };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["rating"], Keys(errors));
        Assert.Equal([message], errors.ToDictionary()["rating"]);
    }

    [Fact]
    public void RejectsAnUnknownSchemeOfAnIndustryRating()
    {
        var input = Input(RecordCategories.IndustryRating, RecordCategories.Rating, "AAA") with { Scheme = "gb-t-99999" };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["scheme"], Keys(errors));
        Assert.Equal(["'gb-t-99999' is not a scheme of a industry-rating record: leave it out, or logistics-a-level."], errors.ToDictionary()["scheme"]);
    }

    [Theory]
    [InlineData("penalty", "severity", "general")]
    [InlineData("tax-rating", "rating", "A")]
    public void RejectsASchemeOnAnyOtherCategory(string category, string field, string value)
    {
        var input = Input(category, field, value) with { Scheme = RecordCategories.LogisticsALevel };

        var (record, errors) = Validate(input);

        Assert.Null(record);
        Assert.Equal(["scheme"], Keys(errors));
        Assert.Equal([$"A {category} record has no scheme."], errors.ToDictionary()["scheme"]);
    }
}
