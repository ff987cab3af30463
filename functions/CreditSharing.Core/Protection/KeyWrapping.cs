namespace CreditSharing.Core.Protection;

/// <summary>
/// Wraps and unwraps data keys with a key-encryption key (KEK) held elsewhere: a Key Vault key in
/// Azure, a local development key in the DevHost and the tests. The KEK never leaves its holder.
/// </summary>
public interface IKeyWrapper
{
    /// <summary>Wraps <paramref name="dataKey"/> under the current KEK; the answer names the exact KEK (version included) that unwraps it.</summary>
    Task<WrappedKey> WrapAsync(ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken);

    /// <summary>Unwraps a data key wrapped under the KEK <paramref name="keyId"/>, the current one or an earlier one still kept.</summary>
    Task<byte[]> UnwrapAsync(string keyId, ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken);
}

/// <summary>A wrapped data key and the id of the key-encryption key that wrapped it.</summary>
public sealed record WrappedKey(string KeyId, byte[] Value);
