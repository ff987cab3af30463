using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Objections;

/// <summary>
/// Table <c>Objections</c>: one partition per enterprise (PartitionKey = USCC), so the disputed
/// targets of an enterprise are one partition read, and an objection id (which starts with the
/// USCC) is one point read.
/// </summary>
public interface IObjectionStore
{
    Task<StoredObjection?> GetAsync(string uscc, string objectionId, CancellationToken cancellationToken);

    /// <summary>Every objection of an enterprise, decided ones included.</summary>
    Task<IReadOnlyList<StoredObjection>> ListAsync(string uscc, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the objection and claims its target in one transaction. Null when added; otherwise the
    /// id of the open objection that holds the target already (nothing is written).
    /// </summary>
    Task<string?> TryAddAsync(Objection objection, CancellationToken cancellationToken);

    /// <summary>Saves the decision (guarded by the version) and releases the target in one transaction; a lost race throws <see cref="ObjectionConflictException"/>.</summary>
    Task DecideAsync(StoredObjection decided, CancellationToken cancellationToken);

    /// <summary>Objections of every enterprise matching the filter, one table page at a time.</summary>
    Task<(IReadOnlyList<Objection> Items, string? ContinuationToken)> PageAsync(ObjectionFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken);
}

/// <summary>The records and list entries objections are about, and their withdrawal (the <c>withdrawn</c> outcome).</summary>
public interface IObjectionTargets
{
    /// <summary>The target's provider and revision; null when the enterprise has no such record or entry.</summary>
    Task<TargetState?> FindAsync(string uscc, ObjectionTarget target, CancellationToken cancellationToken);

    /// <summary>Withdraws (撤销) the target as its provider or a Regulator would; the value is the target id.</summary>
    Task<CommandResult<string>> WithdrawAsync(string uscc, ObjectionTarget target, WithdrawalInput input, string by, bool asRegulator, CancellationToken cancellationToken);
}

/// <summary>Blob container <c>evidence</c>: uploaded evidence files, blob name = evidence id.</summary>
public interface IEvidenceFiles
{
    Task SaveAsync(EvidenceReceipt receipt, ReadOnlyMemory<byte> content, string uploadedBy, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string evidenceId, CancellationToken cancellationToken);
}

public sealed class ObjectionConflictException(string message, Exception? inner = null) : Exception(message, inner);
