using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace CreditSharing.Core.Protection;

/// <summary>
/// Envelope encryption of a sensitive field (ID numbers): the value is encrypted with AES-256-GCM
/// under a data key; the data key, wrapped by the key-encryption key (<see cref="IKeyWrapper"/>),
/// travels inside the stored value. Stored form, every part base64url:
/// <c>e1.{kekId}.{wrapped data key}.{nonce}.{ciphertext and tag}</c>. The version prefix and the
/// KEK id (with its version) let a rotated KEK still open older values. The associated data binds
/// a value to its place (<c>context</c>, e.g. the row it belongs to), so a value copied to another
/// row does not open there.
/// One data key serves this process for <see cref="DataKeyLifetime"/>, wrapped once; unwrapped
/// data keys are cached, so reading rows does not call the KEK's holder per row.
/// A value without the prefix is one stored before encryption: it reads as it is.
/// </summary>
public sealed class EnvelopeProtector(IKeyWrapper wrapper, TimeProvider clock)
{
    public const string Prefix = "e1.";

    public static readonly TimeSpan DataKeyLifetime = TimeSpan.FromHours(24);

    /// <summary>Unwrapped data keys kept; beyond it the cache starts over (each key is 32 bytes).</summary>
    private const int CacheLimit = 4096;

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> unwrapped = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim currentLock = new(1, 1);
    private DataKey? current;

    /// <summary>Whether <paramref name="stored"/> is an envelope (false: a value stored in clear before encryption).</summary>
    public static bool IsProtected(string? stored) => stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The KEK id a stored envelope names, or null for a clear value.</summary>
    public static string? KeyIdOf(string stored)
        => IsProtected(stored) && Parts(stored) is { } parts ? Encoding.UTF8.GetString(parts.KeyId) : null;

    public async Task<string> ProtectAsync(string plaintext, string context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(context);
        var key = await CurrentAsync(cancellationToken);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var sealedBytes = new byte[plain.Length + TagBytes];
        using (var aes = new AesGcm(key.Key, TagBytes))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), Associated(key.Wrapped.KeyId, context));
        }

        return string.Join('.', "e1", B64(Encoding.UTF8.GetBytes(key.Wrapped.KeyId)), B64(key.Wrapped.Value), B64(nonce), B64(sealedBytes));
    }

    /// <summary>The plaintext of an envelope; a clear (older) value as it is. A damaged or moved envelope throws <see cref="CryptographicException"/>.</summary>
    public async Task<string> UnprotectAsync(string stored, string context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!IsProtected(stored))
        {
            return stored;
        }

        var parts = Parts(stored) ?? throw new CryptographicException("The protected value is malformed.");
        var keyId = Encoding.UTF8.GetString(parts.KeyId);
        var dataKey = await UnwrapAsync(keyId, parts.Wrapped, cancellationToken);
        if (parts.Sealed.Length < TagBytes || parts.Nonce.Length != NonceBytes)
        {
            throw new CryptographicException("The protected value is malformed.");
        }

        var length = parts.Sealed.Length - TagBytes;
        var plain = new byte[length];
        using var aes = new AesGcm(dataKey, TagBytes);
        aes.Decrypt(parts.Nonce, parts.Sealed.AsSpan(0, length), parts.Sealed.AsSpan(length), plain, Associated(keyId, context));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>
    /// Whether a stored value should be written again: it is clear, or its data key was wrapped by a
    /// KEK other than the current one (after a rotation).
    /// </summary>
    public async Task<bool> NeedsReprotectionAsync(string? stored, CancellationToken cancellationToken)
    {
        if (stored is null)
        {
            return false;
        }

        if (!IsProtected(stored))
        {
            return true;
        }

        var key = await CurrentAsync(cancellationToken);
        return KeyIdOf(stored) != key.Wrapped.KeyId;
    }

    private async Task<DataKey> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (current is { } key && now - key.CreatedAt < DataKeyLifetime)
        {
            return key;
        }

        await currentLock.WaitAsync(cancellationToken);
        try
        {
            if (current is { } again && now - again.CreatedAt < DataKeyLifetime)
            {
                return again;
            }

            var fresh = RandomNumberGenerator.GetBytes(32);
            var wrapped = await wrapper.WrapAsync(fresh, cancellationToken);
            unwrapped[CacheKey(wrapped.KeyId, wrapped.Value)] = new Lazy<Task<byte[]>>(Task.FromResult(fresh));
            current = new DataKey(fresh, wrapped, now);
            return current;
        }
        finally
        {
            currentLock.Release();
        }
    }

    private async Task<byte[]> UnwrapAsync(string keyId, byte[] wrapped, CancellationToken cancellationToken)
    {
        if (unwrapped.Count > CacheLimit)
        {
            unwrapped.Clear();
        }

        var cacheKey = CacheKey(keyId, wrapped);
        var lazy = unwrapped.GetOrAdd(cacheKey, _ => new Lazy<Task<byte[]>>(() => wrapper.UnwrapAsync(keyId, wrapped, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            // A failed unwrap (no access, a KEK not kept) is not cached: the next read tries again.
            unwrapped.TryRemove(new KeyValuePair<string, Lazy<Task<byte[]>>>(cacheKey, lazy));
            throw;
        }
    }

    private static string CacheKey(string keyId, byte[] wrapped) => keyId + "|" + Convert.ToBase64String(wrapped);

    private static byte[] Associated(string keyId, string context) => Encoding.UTF8.GetBytes($"e1|{keyId}|{context}");

    private static Envelope? Parts(string stored)
    {
        var parts = stored.Split('.');
        if (parts.Length != 5)
        {
            return null;
        }

        try
        {
            return new Envelope(FromB64(parts[1]), FromB64(parts[2]), FromB64(parts[3]), FromB64(parts[4]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromB64(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    private sealed record DataKey(byte[] Key, WrappedKey Wrapped, DateTimeOffset CreatedAt);

    private sealed record Envelope(byte[] KeyId, byte[] Wrapped, byte[] Nonce, byte[] Sealed);
}
