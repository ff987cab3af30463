using System.Text;
using CreditSharing.Core.Webhooks;

namespace CreditSharing.Core.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void SignsTheBodyWithHmacSha256OfTheSecretAsLowerCaseHex()
    {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        var signature = WebhookSignature.Sign("what do ya want for nothing?"u8, "Jefe");

        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signature);
    }

    [Fact]
    public void VerifiesOnlyTheExactBodyAndSecret()
    {
        var secret = WebhookSignature.NewSecret();
        var body = Encoding.UTF8.GetBytes("{\"id\":\"1\",\"type\":\"grade.changed\"}");
        var header = WebhookSignature.Sign(body, secret);

        Assert.True(WebhookSignature.Verify(body, secret, header));
        Assert.False(WebhookSignature.Verify(Encoding.UTF8.GetBytes("{\"id\":\"2\",\"type\":\"grade.changed\"}"), secret, header));
        Assert.False(WebhookSignature.Verify(body, WebhookSignature.NewSecret(), header));
        Assert.False(WebhookSignature.Verify(body, secret, null));
    }

    [Fact]
    public void MakesSecretsOf32RandomBytes()
    {
        var a = WebhookSignature.NewSecret();
        var b = WebhookSignature.NewSecret();

        Assert.Equal(64, a.Length);
        Assert.True(a.All(char.IsAsciiHexDigitLower));
        Assert.NotEqual(a, b);
    }
}
