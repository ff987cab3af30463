using CreditSharing.Core.Shared;

namespace CreditSharing.Core.RepairApplications;

/// <summary>
/// Table <c>RepairApplications</c>: one partition per enterprise (PartitionKey = USCC); a repair id
/// starts with the USCC, so <c>GET /api/repairs/{id}</c> is one point read.
/// </summary>
public interface IRepairApplicationStore
{
    Task<StoredRepairApplication?> GetAsync(string uscc, string repairId, CancellationToken cancellationToken);

    /// <summary>Every application of an enterprise, decided ones included (one partition read).</summary>
    Task<IReadOnlyList<StoredRepairApplication>> ListAsync(string uscc, CancellationToken cancellationToken);

    /// <summary>Adds the application and claims its target in one transaction; null when added, else the id of the open application holding the target.</summary>
    Task<string?> TryAddAsync(RepairApplication application, CancellationToken cancellationToken);

    /// <summary>Saves the decision (guarded by the version) and releases the target in one transaction; a lost race throws <see cref="RepairApplicationConflictException"/>.</summary>
    Task DecideAsync(StoredRepairApplication decided, CancellationToken cancellationToken);
}

/// <summary>The records and list entries repair applications are about, and their repair through the owning services.</summary>
public interface IRepairTargets
{
    /// <summary>Null when the enterprise has no such record or entry.</summary>
    Task<RepairTargetState?> FindAsync(string uscc, RepairTarget target, CancellationToken cancellationToken);

    /// <summary>Runs the direct repair (the record's or the entry's repair route) as <paramref name="by"/>; the value is the target id.</summary>
    Task<CommandResult<string>> RepairAsync(string uscc, RepairTarget target, RepairInput input, string by, bool asRegulator, CancellationToken cancellationToken);
}

public sealed class RepairApplicationConflictException(string message, Exception? inner = null) : Exception(message, inner);
