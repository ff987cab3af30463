using CreditSharing.Core.Enterprises;

namespace CreditSharing.Core.Tests.Enterprises;

public sealed class EnterpriseRegistryTests
{
    private static readonly DateTimeOffset UpdatedAt = new(2026, 6, 15, 2, 30, 0, TimeSpan.Zero);

    private static StoredEnterprise Stored(EnterpriseProfile profile) => new(profile, UpdatedAt, "provider-1");

    [Fact]
    public void ToViewMasksTheIdNumberKeepingFirstSixAndLastFour()
    {
        var stored = Stored(new EnterpriseProfile(
            "91411702MA6ULN0X2U", "示例公司", new LegalRepresentative("张三", "411702198001011233"), null, "411702", null));

        var view = EnterpriseRegistry.ToView(stored);

        Assert.Equal(new LegalRepresentativeView("张三", "411702********1233"), view.LegalRepresentative);
    }

    [Fact]
    public void ToViewMasksIdNumberEndingInX()
    {
        var stored = Stored(new EnterpriseProfile(
            "91411702MA6ULN0X2U", "示例公司", new LegalRepresentative("李四", "11010519491231002X"), null, null, null));

        var view = EnterpriseRegistry.ToView(stored);

        Assert.Equal("110105********002X", view.LegalRepresentative?.IdNumber);
        Assert.DoesNotContain("19491231", view.LegalRepresentative?.IdNumber, StringComparison.Ordinal);
    }

    [Fact]
    public void ToViewCopiesEveryFieldAndFillsTheCountyName()
    {
        var stored = Stored(new EnterpriseProfile(
            "91411721MA95XDFT69",
            "西平示例有限公司",
            new LegalRepresentative("王五", "411721199512010041"),
            "制造业",
            "411721",
            new DateOnly(2015, 3, 20)));

        var view = EnterpriseRegistry.ToView(stored);

        Assert.Equal(
            new EnterpriseView(
                "91411721MA95XDFT69",
                "西平示例有限公司",
                new LegalRepresentativeView("王五", "411721********0041"),
                "制造业",
                "411721",
                "西平县",
                new DateOnly(2015, 3, 20),
                UpdatedAt) with { FormerNames = view.FormerNames },
            view);
        Assert.Empty(view.FormerNames ?? ["missing"]);
    }

    [Theory]
    [InlineData("411702", "驿城区")]
    [InlineData("411729", "新蔡县")]
    public void ToViewNamesTheCounty(string county, string name)
    {
        var stored = Stored(new EnterpriseProfile("91411702MA6ULN0X2U", "示例公司", null, null, county, null));

        var view = EnterpriseRegistry.ToView(stored);

        Assert.Equal(county, view.County);
        Assert.Equal(name, view.CountyName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("440300")]
    public void ToViewHasNoCountyNameForUnknownOrMissingCounty(string? county)
    {
        var stored = Stored(new EnterpriseProfile("914403001922038216", "深圳示例", null, null, county, null));

        var view = EnterpriseRegistry.ToView(stored);

        Assert.Equal(county, view.County);
        Assert.Null(view.CountyName);
    }

    [Fact]
    public void ToViewHasNoLegalRepresentativeWhenNoneIsStored()
    {
        var stored = Stored(new EnterpriseProfile("91411702MA6ULN0X2U", "示例公司", null, null, null, null));

        var view = EnterpriseRegistry.ToView(stored);

        Assert.Null(view.LegalRepresentative);
        Assert.Equal(UpdatedAt, view.UpdatedAt);
    }

    [Fact]
    public void ToViewRejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => EnterpriseRegistry.ToView(null!));
    }
}
