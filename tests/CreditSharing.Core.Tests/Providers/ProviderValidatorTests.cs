using CreditSharing.Core.Providers;

namespace CreditSharing.Core.Tests.Providers;

public sealed class ProviderValidatorTests
{
    private static ProviderInput Valid => new("驻马店市市场监督管理局", "91411702MA6ULN0X2U", ["penalty", "license"], ["black", "watch"], true);

    [Fact]
    public void AcceptsARegistrationAndKeepsTheGivenOrder()
    {
        var (rights, errors) = ProviderValidator.Validate("sw-zmd", Valid with { AuthorityUscc = null });

        Assert.True(errors.IsEmpty);
        Assert.Equal(["penalty", "license"], rights!.Categories);
        Assert.Equal(["black", "watch"], rights.ListTypes);
        Assert.True(rights.Profiles);
    }

    [Fact]
    public void NamesTheIndexOfAnUnknownOrRepeatedCategoryAndListType()
    {
        var (rights, errors) = ProviderValidator.Validate("sw-zmd", Valid with { Categories = ["penalty", "bribery", "penalty"], ListTypes = ["grey"] });

        Assert.Null(rights);
        Assert.Equal(["categories[1]", "categories[2]", "listTypes[0]"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
        Assert.Contains("bribery", errors.ToDictionary()["categories[1]"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\u0001b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    public void RefusesAProviderIdThatCannotBeAKey(string providerId)
        => Assert.Contains("providerId", ProviderValidator.Validate(providerId, Valid).Errors.ToDictionary().Keys);

    [Fact]
    public void RequiresAPlainTextNameAndAValidAuthorityUscc()
    {
        var errors = ProviderValidator.Validate("sw-zmd", Valid with { Name = "市场\u001b监管", AuthorityUscc = "11411700005999888X" }).Errors.ToDictionary();

        Assert.Equal(["authorityUscc", "name"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("name", ProviderValidator.Validate("sw-zmd", Valid with { Name = " " }).Errors.ToDictionary().Keys);
    }

    [Fact]
    public void ReadsAbsentListsAsNoRightsAndAbsentProfilesAsFalse()
    {
        var (rights, _) = ProviderValidator.Validate("sw-zmd", new ProviderInput("驻马店市商务局", null, null, null, null));

        Assert.Empty(rights!.Categories);
        Assert.Empty(rights.ListTypes);
        Assert.False(rights.Profiles);
    }
}
