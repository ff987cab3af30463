using System.Security.Cryptography;
using System.Text;

namespace CreditSharing.Core.Protection;

/// <summary>
/// A key-encryption key from configuration (<c>Protection:LocalKey</c>, 32 bytes base64), for the
/// DevHost and the tests: data keys are wrapped with AES-256-GCM. Its id is <c>local:</c> and 16 hex
/// of the key's SHA-256, so a stored value names the key that opens it; a previous key
/// (<c>Protection:PreviousLocalKey</c>) still unwraps what it wrapped.
/// </summary>
public sealed class LocalKeyWrapper : IKeyWrapper
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly Dictionary<string, byte[]> keys = new(StringComparer.Ordinal);

    public LocalKeyWrapper(byte[] currentKey, byte[]? previousKey = null)
    {
        ArgumentNullException.ThrowIfNull(currentKey);
        CurrentKeyId = Add(currentKey);
        if (previousKey is not null)
        {
            Add(previousKey);
        }
    }

    public string CurrentKeyId { get; }

    public static string IdOf(byte[] key) => "local:" + Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    public Task<WrappedKey> WrapAsync(ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
    {
        var output = new byte[NonceBytes + dataKey.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys[CurrentKeyId], TagBytes);
        aes.Encrypt(nonce, dataKey.Span, output.AsSpan(NonceBytes, dataKey.Length), output.AsSpan(NonceBytes + dataKey.Length), Encoding.UTF8.GetBytes(CurrentKeyId));
        return Task.FromResult(new WrappedKey(CurrentKeyId, output));
    }

    public Task<byte[]> UnwrapAsync(string keyId, ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken)
    {
        if (!keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"The key-encryption key {keyId} is not configured.");
        }

        if (wrappedKey.Length <= NonceBytes + TagBytes)
        {
            throw new CryptographicException("The wrapped data key is too short.");
        }

        var span = wrappedKey.Span;
        var length = wrappedKey.Length - NonceBytes - TagBytes;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(span[..NonceBytes], span.Slice(NonceBytes, length), span[(NonceBytes + length)..], plain, Encoding.UTF8.GetBytes(keyId));
        return Task.FromResult(plain);
    }

    private string Add(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("A local key-encryption key is 32 bytes (AES-256).", nameof(key));
        }

        var id = IdOf(key);
        keys[id] = key;
        return id;
    }
}
