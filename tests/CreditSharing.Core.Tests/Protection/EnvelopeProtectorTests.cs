using System.Security.Cryptography;
using System.Text;
using CreditSharing.Core.Protection;

namespace CreditSharing.Core.Tests.Protection;

public sealed class EnvelopeProtectorTests
{
    private const string IdNumber = "411702198001011233";
    private const string Context = "Enterprises/91411702MA6ULN0X2U/representative";
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 2, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Key(byte fill) => Enumerable.Repeat(fill, 32).ToArray();

    private static EnvelopeProtector Protector(IKeyWrapper wrapper, TimeProvider? clock = null) => new(wrapper, clock ?? new FixedTimeProvider(Now));

    [Fact]
    public async Task RoundTripsAValueWithoutKeepingItInClear()
    {
        var protector = Protector(new LocalKeyWrapper(Key(1)));

        var stored = await protector.ProtectAsync(IdNumber, Context, Ct);

        Assert.StartsWith(EnvelopeProtector.Prefix, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(IdNumber, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("19800101", stored, StringComparison.Ordinal);
        Assert.Equal(IdNumber, await protector.UnprotectAsync(stored, Context, Ct));
    }

    [Fact]
    public async Task NamesTheKeyEncryptionKeyAndVersionInTheStoredForm()
    {
        var wrapper = new LocalKeyWrapper(Key(1));

        var stored = await Protector(wrapper).ProtectAsync(IdNumber, Context, Ct);

        Assert.Equal(5, stored.Split('.').Length);
        Assert.Equal(wrapper.CurrentKeyId, EnvelopeProtector.KeyIdOf(stored));
    }

    [Fact]
    public async Task EncryptsTheSameValueDifferentlyEachTime()
    {
        var protector = Protector(new LocalKeyWrapper(Key(1)));

        Assert.NotEqual(await protector.ProtectAsync(IdNumber, Context, Ct), await protector.ProtectAsync(IdNumber, Context, Ct));
    }

    [Fact]
    public async Task RefusesATamperedCiphertext()
    {
        var protector = Protector(new LocalKeyWrapper(Key(1)));
        var parts = (await protector.ProtectAsync(IdNumber, Context, Ct)).Split('.');
        var sealedBytes = parts[4].ToCharArray();
        sealedBytes[0] = sealedBytes[0] == 'A' ? 'B' : 'A';
        parts[4] = new string(sealedBytes);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => protector.UnprotectAsync(string.Join('.', parts), Context, Ct));
    }

    [Fact]
    public async Task RefusesATamperedWrappedDataKey()
    {
        var protector = Protector(new LocalKeyWrapper(Key(1)));
        var parts = (await protector.ProtectAsync(IdNumber, Context, Ct)).Split('.');
        var wrapped = parts[2].ToCharArray();
        wrapped[^3] = wrapped[^3] == 'A' ? 'B' : 'A';
        parts[2] = new string(wrapped);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => Protector(new LocalKeyWrapper(Key(1))).UnprotectAsync(string.Join('.', parts), Context, Ct));
    }

    [Fact]
    public async Task RefusesAValueMovedToAnotherRow()
    {
        var protector = Protector(new LocalKeyWrapper(Key(1)));
        var stored = await protector.ProtectAsync(IdNumber, Context, Ct);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => protector.UnprotectAsync(stored, "Enterprises/91411702MA6ULN0X3U/representative", Ct));
    }

    [Fact]
    public async Task RefusesAValueUnderAKeyEncryptionKeyItDoesNotHold()
    {
        var stored = await Protector(new LocalKeyWrapper(Key(1))).ProtectAsync(IdNumber, Context, Ct);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => Protector(new LocalKeyWrapper(Key(2))).UnprotectAsync(stored, Context, Ct));
    }

    [Fact]
    public async Task RefusesAMalformedEnvelope()
    {
        var protector = Protector(new LocalKeyWrapper(Key(1)));

        await Assert.ThrowsAnyAsync<CryptographicException>(() => protector.UnprotectAsync("e1.not-an-envelope", Context, Ct));
    }

    [Fact]
    public async Task ReadsAValueStoredInClearBeforeEncryptionAsItIs()
    {
        var protector = Protector(new LocalKeyWrapper(Key(1)));

        Assert.Equal(IdNumber, await protector.UnprotectAsync(IdNumber, Context, Ct));
        Assert.True(await protector.NeedsReprotectionAsync(IdNumber, Ct));
    }

    [Fact]
    public async Task OpensValuesOfThePreviousKeyAfterARotationAndMarksThemForRewriting()
    {
        var stored = await Protector(new LocalKeyWrapper(Key(1))).ProtectAsync(IdNumber, Context, Ct);
        var rotated = Protector(new LocalKeyWrapper(Key(2), previousKey: Key(1)));

        Assert.Equal(IdNumber, await rotated.UnprotectAsync(stored, Context, Ct));
        Assert.True(await rotated.NeedsReprotectionAsync(stored, Ct));
        var rewritten = await rotated.ProtectAsync(IdNumber, Context, Ct);
        Assert.False(await rotated.NeedsReprotectionAsync(rewritten, Ct));
        Assert.Equal(LocalKeyWrapper.IdOf(Key(2)), EnvelopeProtector.KeyIdOf(rewritten));
    }

    [Fact]
    public async Task WrapsOneDataKeyForManyValuesAndUnwrapsEachDataKeyOnce()
    {
        var writer = new CountingWrapper(new LocalKeyWrapper(Key(1)));
        var writing = Protector(writer);
        var stored = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            stored.Add(await writing.ProtectAsync(IdNumber, $"{Context}/{i}", Ct));
        }

        var reader = new CountingWrapper(new LocalKeyWrapper(Key(1)));
        var reading = Protector(reader);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(IdNumber, await reading.UnprotectAsync(stored[i], $"{Context}/{i}", Ct));
        }

        Assert.Equal(1, writer.Wraps);
        Assert.Equal(1, reader.Unwraps);
    }

    [Fact]
    public async Task TakesANewDataKeyAfterItsLifetime()
    {
        var clock = new SettableClock(Now);
        var wrapper = new CountingWrapper(new LocalKeyWrapper(Key(1)));
        var protector = Protector(wrapper, clock);
        var first = await protector.ProtectAsync(IdNumber, Context, Ct);

        clock.Now = Now + EnvelopeProtector.DataKeyLifetime;
        var second = await protector.ProtectAsync(IdNumber, Context, Ct);

        Assert.Equal(2, wrapper.Wraps);
        Assert.NotEqual(first.Split('.')[2], second.Split('.')[2]);
        Assert.Equal(IdNumber, await protector.UnprotectAsync(first, Context, Ct));
    }

    [Fact]
    public void RefusesALocalKeyThatIsNot256Bits()
        => Assert.Throws<ArgumentException>(() => new LocalKeyWrapper(Encoding.UTF8.GetBytes("short")));

    private sealed class CountingWrapper(IKeyWrapper inner) : IKeyWrapper
    {
        public int Wraps { get; private set; }

        public int Unwraps { get; private set; }

        public Task<WrappedKey> WrapAsync(ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
        {
            Wraps++;
            return inner.WrapAsync(dataKey, cancellationToken);
        }

        public Task<byte[]> UnwrapAsync(string keyId, ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken)
        {
            Unwraps++;
            return inner.UnwrapAsync(keyId, wrappedKey, cancellationToken);
        }
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
