using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Trace;

public sealed class TracePublicUrlsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RefusesToStartWithoutTheSettingNamingIt(string? value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TracePublicUrls.Configured(value));

        Assert.Contains("Trace:PublicBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("credit.example.cn")]
    [InlineData("ftp://credit.example.cn")]
    [InlineData("https://credit.example.cn/?host=evil")]
    [InlineData("https://user:pw@credit.example.cn")]
    public void RefusesAnythingButAnAbsoluteHttpUrl(string value)
    {
        Assert.Throws<InvalidOperationException>(() => TracePublicUrls.Configured(value));
    }

    [Fact]
    public void PrintsScanAndQrUrlsUnderTheConfiguredBase()
    {
        var urls = TracePublicUrls.Configured("https://credit.example.cn/trace/");

        Assert.Equal("https://credit.example.cn/trace/t/ZMD-CODE-0001", urls.Scan("ZMD-CODE-0001"));
        Assert.Equal("https://credit.example.cn/trace/api/trace/ZMD-CODE-0001/qr.png", urls.Qr("ZMD-CODE-0001"));
    }
}
