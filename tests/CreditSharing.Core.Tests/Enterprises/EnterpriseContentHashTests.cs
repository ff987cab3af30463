using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Enterprises;

/// <summary>
/// The content hash the enterprise store keeps with a profile (<see cref="CanonicalJson.Sha256{T}"/>),
/// which decides whether a resubmitted profile is unchanged. The values are those the store computed
/// over the wire options before the hash had its own settings.
/// </summary>
public sealed class EnterpriseContentHashTests
{
    [Fact]
    public void HashesAProfileWithRepresentativeAndHtmlSensitiveTextToItsPinnedValue()
    {
        var profile = new EnterpriseProfile(
            "91411702MA6ULN0X2U",
            "驻马店市天中粮油有限公司 <分公司> & \"总部\"",
            new LegalRepresentative("张三", "41170219800101001X"),
            "批发业",
            null,
            new DateOnly(2015, 6, 18));

        Assert.Equal("3719421f19d239c732b52314f6c6fd691dc862fb747e95f9a9580fbf7742d5be", CanonicalJson.Sha256(profile));
    }

    [Fact]
    public void HashesAProfileWithoutOptionalFieldsToItsPinnedValue()
    {
        var profile = new EnterpriseProfile("91411702MA6ULN0X2U", "驻马店市天中粮油有限公司", null, null, "411702", null);

        Assert.Equal("fb47769dc8513c2653593c6665abce40698a927eab53ccb4ce7451a3ef066be2", CanonicalJson.Sha256(profile));
    }
}
