using CreditSharing.Core.Enterprises;

namespace CreditSharing.Core.Lists;

/// <summary>
/// Rewrites the representative index under the current identity-hash key: each row whose
/// partition is not the current HMAC of its ID number moves there (written, then the old row
/// removed), so the previous key can be dropped afterwards. The number comes from the row itself
/// (kept encrypted); rows written before the index kept it take the enterprise's current
/// representative when its hash (current or previous key) is the row's, and gain the encrypted
/// number. Rows it cannot resolve (the representative changed since, and the row predates the
/// encrypted number) are counted and left. Safe to run again: a second run keeps every row.
/// </summary>
public sealed class RepresentativeRehash(IRepresentativeIndex index, IEnterpriseStore enterprises, IdentityHasher hasher)
{
    public async Task<RehashReport> RunAsync(CancellationToken cancellationToken)
    {
        int kept = 0, moved = 0, rewritten = 0, unresolved = 0;
        await foreach (var row in index.AllAsync(cancellationToken))
        {
            var idNumber = row.IdNumber ?? await FromProfileAsync(row, cancellationToken);
            if (idNumber is null)
            {
                unresolved++;
                continue;
            }

            var target = hasher.Hash(idNumber);
            if (target == row.IdHash && row.IdNumber is not null && !row.OlderKey)
            {
                kept++;
                continue;
            }

            await index.AddAsync(target, idNumber, row.Entry, cancellationToken);
            if (target != row.IdHash)
            {
                await index.RemoveAsync(row.IdHash, row.Entry.Uscc, row.Entry.EntryId, cancellationToken);
                moved++;
            }
            else
            {
                rewritten++;
            }
        }

        return new RehashReport(kept, moved, rewritten, unresolved);
    }

    private async Task<string?> FromProfileAsync(IndexedRepresentative row, CancellationToken cancellationToken)
    {
        var representative = (await enterprises.GetAsync(row.Entry.Uscc, cancellationToken))?.Profile.LegalRepresentative;
        return representative is not null && (hasher.Hash(representative.IdNumber) == row.IdHash || hasher.PreviousHash(representative.IdNumber) == row.IdHash)
            ? representative.IdNumber
            : null;
    }
}

/// <summary>
/// What a re-hash did: rows already current, rows moved to the current key's hash, rows rewritten
/// in place (to keep the number encrypted, or under the current key-encryption key), rows left
/// unresolved.
/// </summary>
public sealed record RehashReport(int Kept, int Moved, int Rewritten, int Unresolved);
