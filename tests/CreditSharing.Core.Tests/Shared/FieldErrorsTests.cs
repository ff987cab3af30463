using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Shared;

public sealed class FieldErrorsTests
{
    [Fact]
    public void NewInstanceIsEmpty()
    {
        var errors = new FieldErrors();

        Assert.True(errors.IsEmpty);
        Assert.Empty(errors.ToDictionary());
    }

    [Fact]
    public void AddMakesItNonEmpty()
    {
        var errors = new FieldErrors();

        errors.Add("name", "A name is required.");

        Assert.False(errors.IsEmpty);
        var entry = Assert.Single(errors.ToDictionary());
        Assert.Equal("name", entry.Key);
        Assert.Equal(["A name is required."], entry.Value);
    }

    [Fact]
    public void AddReturnsTheSameInstanceForChaining()
    {
        var errors = new FieldErrors();

        var returned = errors.Add("a", "x").Add("b", "y");

        Assert.Same(errors, returned);
        Assert.Equal(2, errors.ToDictionary().Count);
    }

    [Fact]
    public void OfCreatesOneError()
    {
        var errors = FieldErrors.Of("uscc", "A USCC is required.");

        Assert.False(errors.IsEmpty);
        var entry = Assert.Single(errors.ToDictionary());
        Assert.Equal("uscc", entry.Key);
        Assert.Equal(["A USCC is required."], entry.Value);
    }

    [Fact]
    public void KeepsEveryMessageOfAFieldInOrder()
    {
        var errors = new FieldErrors()
            .Add("name", "first")
            .Add("county", "other")
            .Add("name", "second")
            .Add("name", "first");

        var dictionary = errors.ToDictionary();

        Assert.Equal(["first", "second", "first"], dictionary["name"]);
        Assert.Equal(["other"], dictionary["county"]);
    }

    [Fact]
    public void OrdersFieldsOrdinally()
    {
        var errors = new FieldErrors()
            .Add("registeredOn", "m")
            .Add("name", "m")
            .Add("legalRepresentative.name", "m")
            .Add("Zeta", "m")
            .Add("legalRepresentative.idNumber", "m");

        var keys = errors.ToDictionary().Keys.ToArray();

        Assert.Equal(["Zeta", "legalRepresentative.idNumber", "legalRepresentative.name", "name", "registeredOn"], keys);
    }

    [Fact]
    public void TreatsFieldNamesCaseSensitively()
    {
        var errors = new FieldErrors().Add("name", "lower").Add("Name", "upper");

        var dictionary = errors.ToDictionary();

        Assert.Equal(2, dictionary.Count);
        Assert.Equal(["lower"], dictionary["name"]);
        Assert.Equal(["upper"], dictionary["Name"]);
        Assert.False(dictionary.ContainsKey("NAME"));
    }

    [Fact]
    public void ToDictionaryIsASnapshot()
    {
        var errors = FieldErrors.Of("name", "first");
        var before = errors.ToDictionary();

        errors.Add("name", "second").Add("county", "third");

        Assert.Single(before);
        Assert.Equal(["first"], before["name"]);
        Assert.Equal(["first", "second"], errors.ToDictionary()["name"]);
    }

    [Fact]
    public void CutsAMessageLongerThanTheLimit()
    {
        var errors = FieldErrors.Of("title", new string('长', 10_000));

        var message = Assert.Single(errors.ToDictionary()["title"]);

        Assert.Equal(FieldErrors.MaxMessageLength, message.Length);
        Assert.EndsWith("…", message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsAtMostTenMessagesPerFieldAndSaysTheRestWereLeftOut()
    {
        var errors = new FieldErrors();

        for (var i = 0; i < 10_000; i++)
        {
            errors.Add("header", $"Column {i} is not a record field.");
        }

        var messages = errors.ToDictionary()["header"];
        Assert.Equal(FieldErrors.MaxMessagesPerField + 1, messages.Length);
        Assert.Equal("Column 9 is not a record field.", messages[9]);
        Assert.Equal("Further errors of this field are left out.", messages[^1]);
    }

    [Theory]
    [InlineData(null, "''")]
    [InlineData("", "''")]
    [InlineData("gossip", "'gossip'")]
    public void EchoesAShortValueWhole(string? value, string expected)
    {
        var echo = FieldErrors.Echo(value);

        Assert.Equal(expected, echo);
    }

    [Fact]
    public void EchoesALongValueCut()
    {
        var echo = FieldErrors.Echo(new string('x', 60_000));

        Assert.Equal("'" + new string('x', FieldErrors.MaxEchoLength - 1) + "…'", echo);
    }
}
