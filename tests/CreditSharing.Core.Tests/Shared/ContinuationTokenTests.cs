using System.Text;
using System.Text.Json;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Shared;

public sealed class ContinuationTokenTests
{
    private static string Base64Url(string json)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void RoundTripsAPosition()
    {
        var position = new Position("2026-05-01", "sw-zmd~SW-2026-000123", 42);

        var token = ContinuationToken.Encode(position);
        var decoded = ContinuationToken.TryDecode<Position>(token, out var back);

        Assert.True(decoded);
        Assert.Equal(position, back);
    }

    [Theory]
    [InlineData("驻市监罚〔2026〕12号")]
    [InlineData("sw%2Fzmd~SW%231")]
    [InlineData("???>>>~~~")]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("𠀀\u0001\"\\")]
    public void RoundTripsAwkwardText(string id)
    {
        var position = new Position("2026-05-01", id, -1);

        var token = ContinuationToken.Encode(position);
        var decoded = ContinuationToken.TryDecode<Position>(token, out var back);

        Assert.True(decoded);
        Assert.Equal(position, back);
    }

    [Fact]
    public void EncodesAsBase64UrlWithoutPadding()
    {
        // Chosen so that plain base64 of the JSON holds '+', '/' and '=' padding.
        var positions = Enumerable.Range(0, 64).Select(i => new Position("2026-05-01", new string('?', i) + "ÿ>~" + i, i)).ToList();
        var plain = positions.Select(p => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(p, WireJson.Options))).ToList();
        Assert.Contains(plain, t => t.Contains('+', StringComparison.Ordinal));
        Assert.Contains(plain, t => t.Contains('/', StringComparison.Ordinal));
        Assert.Contains(plain, t => t.EndsWith('='));

        var tokens = positions.Select(ContinuationToken.Encode).ToList();

        Assert.All(tokens, token => Assert.True(token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), token));
        Assert.Equal(plain.Select(t => t.TrimEnd('=').Replace('+', '-').Replace('/', '_')), tokens);
        Assert.All(tokens.Zip(positions), pair =>
        {
            Assert.True(ContinuationToken.TryDecode<Position>(pair.First, out var back));
            Assert.Equal(pair.Second, back);
        });
    }

    [Fact]
    public void EncodesCamelCaseJson()
    {
        var token = ContinuationToken.Encode(new Position("2026-05-01", "x", 1));

        var json = Encoding.UTF8.GetString(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/').PadRight((token.Length + 3) / 4 * 4, '=')));

        Assert.Equal("""{"decisionDate":"2026-05-01","id":"x","skip":1}""", json);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void AMissingTokenIsTheFirstPage(string? token)
    {
        var decoded = ContinuationToken.TryDecode<Position>(token, out var position);

        Assert.True(decoded);
        Assert.Null(position);
    }

    [Theory]
    [InlineData("garbage!!")]
    [InlineData("%%%")]
    [InlineData("a")]
    [InlineData("abc")]
    [InlineData("eyJkZWNpc2lvbkRhdGUiOiIyMDI2")]
    [InlineData("   ")]
    [InlineData("驻马店")]
    public void RejectsAGarbageToken(string token)
    {
        var decoded = ContinuationToken.TryDecode<Position>(token, out var position);

        Assert.False(decoded);
        Assert.Null(position);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("""{"decisionDate":5}""")]
    [InlineData("""{"skip":"many"}""")]
    public void RejectsATokenThatIsNotAPosition(string json)
    {
        var decoded = ContinuationToken.TryDecode<Position>(Base64Url(json), out var position);

        Assert.False(decoded);
        Assert.Null(position);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"nextPartitionKey":"' or 1 eq 1","nextRowKey":"\u0000"}""")]
    [InlineData("""{"decisionDate":"2026-05-01","skip":1}""")]
    [InlineData("""{"decisionDate":"2026-05-01","id":null,"skip":1}""")]
    public void RejectsATokenOfAnotherShapeRatherThanStartingOver(string json)
    {
        var decoded = ContinuationToken.TryDecode<Position>(Base64Url(json), out var position);

        Assert.False(decoded);
        Assert.Null(position);
    }

    [Fact]
    public void RejectsATruncatedToken()
    {
        var token = ContinuationToken.Encode(new Position("2026-05-01", "sw-zmd~SW-2026-000123", 42));

        var decoded = ContinuationToken.TryDecode<Position>(token[..^5], out var position);

        Assert.False(decoded);
        Assert.Null(position);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void PageSizeDefaultsToFifty(string? value)
    {
        var errors = new FieldErrors();

        var size = ContinuationToken.PageSize(value, errors);

        Assert.Equal(50, size);
        Assert.Equal(ContinuationToken.DefaultPageSize, size);
        Assert.True(errors.IsEmpty);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("50", 50)]
    [InlineData("499", 499)]
    [InlineData("500", 500)]
    [InlineData("007", 7)]
    public void PageSizeAcceptsOneToFiveHundred(string value, int expected)
    {
        var errors = new FieldErrors();

        var size = ContinuationToken.PageSize(value, errors);

        Assert.Equal(expected, size);
        Assert.True(errors.IsEmpty);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("1e2")]
    [InlineData("99999999999")]
    [InlineData("５０")]
    public void PageSizeRejectsAnythingElseUnderPageSize(string value)
    {
        var errors = new FieldErrors();

        var size = ContinuationToken.PageSize(value, errors);

        Assert.Null(size);
        Assert.Equal(["pageSize"], errors.ToDictionary().Keys);
        Assert.Equal(["pageSize is a whole number from 1 to 500."], errors.ToDictionary()["pageSize"]);
    }

    [Fact]
    public void PageSizeAddsToErrorsAlreadyFound()
    {
        var errors = FieldErrors.Of("from", "A date is written YYYY-MM-DD.");

        var size = ContinuationToken.PageSize("0", errors);

        Assert.Null(size);
        Assert.Equal(["from", "pageSize"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void PageSizeRejectsNullErrors()
    {
        Assert.Throws<ArgumentNullException>(() => ContinuationToken.PageSize("5", null!));
    }

    private sealed record Position(string DecisionDate, string Id, int Skip);
}
