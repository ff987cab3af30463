namespace CreditSharing.Core.Protection;

/// <summary>
/// A store holding protected fields that can rewrite its rows whose field is stored in clear (rows
/// written before encryption) or under an earlier key-encryption key (after a rotation).
/// </summary>
public interface IReprotectable
{
    /// <summary>The table it rewrites, for the report.</summary>
    string Name { get; }

    /// <returns>How many rows were rewritten.</returns>
    Task<int> ReprotectAsync(CancellationToken cancellationToken);
}
