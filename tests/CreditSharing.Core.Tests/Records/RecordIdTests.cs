using CreditSharing.Core.Records;

namespace CreditSharing.Core.Tests.Records;

public sealed class RecordIdTests
{
    private static readonly char[] ForbiddenInTableKeys = ['/', '\\', '#', '?'];

    public static TheoryData<string> AwkwardSourceIds() =>
    [
        "a/b",
        "a\\b",
        "a#b",
        "a?b",
        "a%b",
        "a~b",
        "a\tb",
        "a\rb\n",
        "\u0000\u001F\u007F\u0085\u009F",
        "驻市监罚〔2026〕12号/附件#1?",
        "%2F",
        "~~",
        "",
    ];

    [Fact]
    public void JoinsProviderAndSourceIdWithATilde()
    {
        var id = RecordId.Of("sw-zmd", "SW-2026-000123");

        Assert.Equal("sw-zmd~SW-2026-000123", id);
    }

    [Theory]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a\\b", "a%5Cb")]
    [InlineData("a#b", "a%23b")]
    [InlineData("a?b", "a%3Fb")]
    [InlineData("a%b", "a%25b")]
    [InlineData("a~b", "a%7Eb")]
    [InlineData("a\tb", "a%09b")]
    [InlineData("a\nb", "a%0Ab")]
    [InlineData("a\rb", "a%0Db")]
    [InlineData("a\u0000b", "a%00b")]
    [InlineData("a\u001Fb", "a%1Fb")]
    [InlineData("a\u007Fb", "a%7Fb")]
    [InlineData("a\u0085b", "a%85b")]
    [InlineData("//", "%2F%2F")]
    public void EscapesEachCharacterTableKeysMayNotHoldAndTheEscapeCharacters(string sourceId, string escaped)
    {
        var id = RecordId.Of("p", sourceId);

        Assert.Equal("p~" + escaped, id);
    }

    [Theory]
    [InlineData("sw/zmd", "sw%2Fzmd")]
    [InlineData("sw~zmd", "sw%7Ezmd")]
    [InlineData("sw#1", "sw%231")]
    public void EscapesTheProviderToo(string providerId, string escaped)
    {
        var id = RecordId.Of(providerId, "s");

        Assert.Equal(escaped + "~s", id);
    }

    [Theory]
    [InlineData("SW-2026-000123")]
    [InlineData("驻市监罚〔2026〕12号")]
    [InlineData("a b.c_d-e:f@g+h=i&j")]
    [InlineData("𠀀Ω")]
    public void LeavesOrdinaryCharactersAlone(string sourceId)
    {
        var id = RecordId.Of("p", sourceId);

        Assert.Equal("p~" + sourceId, id);
    }

    [Theory]
    [MemberData(nameof(AwkwardSourceIds))]
    public void NeverHoldsCharactersForbiddenInTableKeys(string sourceId)
    {
        var id = RecordId.Of("sw/zmd\t", sourceId);

        Assert.Equal(-1, id.IndexOfAny(ForbiddenInTableKeys));
        Assert.DoesNotContain(id, char.IsControl);
        Assert.Equal(1, id.Count(c => c == '~'));
    }

    [Theory]
    [InlineData("a~b", "c", "a", "b~c")]
    [InlineData("a", "b/c", "a", "b%2Fc")]
    [InlineData("a", "%25", "a", "%")]
    [InlineData("a", "b\tc", "a", "b%09c")]
    public void GivesDistinctIdsToDistinctProviderSourcePairs(string provider1, string source1, string provider2, string source2)
    {
        var first = RecordId.Of(provider1, source1);
        var second = RecordId.Of(provider2, source2);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void IsTheIdOfACreditRecord()
    {
        var record = new CreditRecord(
            "sw/zmd", "SW#1", "91411702MA6ULN0X2U", "honour", "诚信商户", null, new DateOnly(2026, 1, 20), null, "驻马店市商务局", null, null, null,
            null, null, null, null, "public");

        var id = record.Id;

        Assert.Equal("sw%2Fzmd~SW%231", id);
    }

    [Theory]
    [InlineData("a", "b")]
    [InlineData("sw/zmd", "SW#1")]
    [InlineData("provider-market", "驻市监罚〔2026〕12号")]
    [InlineData("a", "b\tc")]
    public void CallsEveryIdItMakesWellFormed(string provider, string source)
    {
        var id = RecordId.Of(provider, source);

        Assert.True(RecordId.IsWellFormed(id), id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-separator")]
    [InlineData("~source")]
    [InlineData("provider~")]
    [InlineData("a~b~c")]
    [InlineData("..\\..\\windows~x")]
    [InlineData("a~b/c")]
    [InlineData("a#b~c")]
    [InlineData("a~b?c")]
    [InlineData("a~b\u0000")]
    [InlineData(" \t ~ ")]
    public void CallsAnIdNoRecordCanHaveMalformed(string? id)
    {
        Assert.False(RecordId.IsWellFormed(id));
    }

    [Fact]
    public void CallsAnIdLongerThanATableKeyAllowsMalformed()
    {
        Assert.False(RecordId.IsWellFormed("a~" + new string('b', 600)));
    }
}
