using System.Text.Json;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Shared;

public sealed class CanonicalJsonTests
{
    private sealed record Stamped(DateOnly On, DateOnly? Until, DateTimeOffset At, decimal Amount, string? Note);

    [Fact]
    public void OptionsAreTheirOwnInstanceNotTheWireOptions()
    {
        Assert.NotSame(WireJson.Options, CanonicalJson.Options);
        Assert.NotSame(WireJson.Options.Encoder, CanonicalJson.Options.Encoder);
    }

    [Fact]
    public void OptionsCannotBeChangedAtRunTime()
    {
        Assert.True(CanonicalJson.Options.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => CanonicalJson.Options.WriteIndented = true);
        Assert.Throws<InvalidOperationException>(() => CanonicalJson.Options.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
    }

    [Fact]
    public void WritesDatesTimesWithOffsetDecimalsAndNullsInAFixedForm()
    {
        var value = new Stamped(new DateOnly(2026, 3, 5), null, new DateTimeOffset(2026, 3, 5, 8, 30, 15, TimeSpan.FromHours(8)).AddTicks(1), 0.10m, "周口 & 驻马店");

        var json = CanonicalJson.Serialize(value);

        Assert.Equal("""{"on":"2026-03-05","until":null,"at":"2026-03-05T08:30:15.0000001\u002B08:00","amount":0.10,"note":"周口 \u0026 驻马店"}""", json);
    }

    [Fact]
    public void ReadsBackWhatItWrites()
    {
        var value = new Stamped(new DateOnly(1999, 12, 31), new DateOnly(2030, 1, 1), new DateTimeOffset(2026, 3, 5, 8, 30, 15, 123, TimeSpan.FromHours(-5)), -18.500m, null);

        var back = JsonSerializer.Deserialize<Stamped>(CanonicalJson.Serialize(value), CanonicalJson.Options);

        Assert.Equal(value, back);
        Assert.Equal(value.At.Offset, back!.At.Offset);
    }

    [Fact]
    public void Sha256IsTheHashOfTheUtf8Json()
    {
        var value = new Stamped(new DateOnly(2026, 1, 1), null, DateTimeOffset.UnixEpoch, 1m, "驻马店");

        // printf %s '{"on":"2026-01-01","until":null,"at":"1970-01-01T00:00:00.0000000\u002B00:00","amount":1,"note":"驻马店"}' | sha256sum
        Assert.Equal("2de0938355a6ef7082effc72db39d74eead6583a6b8a2194c7cb2a40ae61d880", CanonicalJson.Sha256(value));
    }
}
