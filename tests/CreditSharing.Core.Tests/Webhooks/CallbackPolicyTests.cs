using System.Net;
using CreditSharing.Core.Webhooks;

namespace CreditSharing.Core.Tests.Webhooks;

public sealed class CallbackPolicyTests
{
    private static readonly WebhookOptions Azure = new(RequireHttps: true, AllowLoopback: false, MaxQueueDelay: TimeSpan.FromHours(1));
    private static readonly WebhookOptions DevHost = new(RequireHttps: false, AllowLoopback: true, MaxQueueDelay: TimeSpan.FromSeconds(2));

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.8.8")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("100.100.100.200")]
    [InlineData("168.63.129.16")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fc00::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.5")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("2002:0a00:0005::1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    public void RefusesPrivateLoopbackLinkLocalUnspecifiedAndMetadataAddresses(string address)
    {
        Assert.NotNull(CallbackPolicy.Refusal(IPAddress.Parse(address), allowLoopback: false));
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("192.169.0.1")]
    [InlineData("11.0.0.1")]
    [InlineData("2606:4700::1111")]
    public void AllowsPublicAddresses(string address)
    {
        Assert.Null(CallbackPolicy.Refusal(IPAddress.Parse(address), allowLoopback: false));
    }

    [Fact]
    public void AllowsLoopbackOnlyWhenTheSwitchIsOnAndStillRefusesPrivateAddresses()
    {
        Assert.Null(CallbackPolicy.Refusal(IPAddress.Loopback, allowLoopback: true));
        Assert.Null(CallbackPolicy.Refusal(IPAddress.IPv6Loopback, allowLoopback: true));
        Assert.NotNull(CallbackPolicy.Refusal(IPAddress.Parse("10.0.0.5"), allowLoopback: true));
        Assert.NotNull(CallbackPolicy.Refusal(IPAddress.Parse("::ffff:127.0.0.1"), allowLoopback: false));
    }

    [Theory]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://example.com/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://user:pass@example.com/hook")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative")]
    [InlineData("")]
    [InlineData(null)]
    public void RefusesInAzureWhatIsNotHttpsToAPublicHost(string? url)
    {
        Assert.NotNull(CallbackPolicy.CheckUrl(url, Azure, out var uri));
        Assert.Null(uri);
    }

    [Fact]
    public void AcceptsHttpsToAPublicHostInAzureAndHttpToLoopbackInTheDevHost()
    {
        Assert.Null(CallbackPolicy.CheckUrl("https://bank.example.com/webhooks?x=1", Azure, out var azure));
        Assert.Null(CallbackPolicy.CheckUrl("http://127.0.0.1:5080/hook", DevHost, out var local));
        Assert.NotNull(CallbackPolicy.CheckUrl("http://10.0.0.5/hook", DevHost, out _));
        Assert.Equal("bank.example.com", azure!.Host);
        Assert.Equal(5080, local!.Port);
    }
}
