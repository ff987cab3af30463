namespace CreditSharing.Core.Enterprises;

/// <summary>The enterprise registry's storage (table <c>Enterprises</c>, one partition per USCC).</summary>
public interface IEnterpriseStore
{
    Task<StoredEnterprise?> GetAsync(string uscc, CancellationToken cancellationToken);

    /// <summary>
    /// Creates or replaces the profile; writes nothing when the stored profile is the same, or when it was
    /// submitted after <paramref name="submittedAt"/> (<see cref="SaveOutcome.Stale"/>: a late delivery never
    /// overwrites a newer profile). The check and the write are ETag-guarded.
    /// </summary>
    Task<SaveOutcome> SaveAsync(EnterpriseProfile profile, string updatedBy, DateTimeOffset submittedAt, DateTimeOffset updatedAt, CancellationToken cancellationToken);

    /// <summary>Every registered enterprise's USCC.</summary>
    IAsyncEnumerable<string> ListUsccsAsync(CancellationToken cancellationToken);
}

/// <summary>The queue <c>enterprise-registrations</c>.</summary>
public interface IEnterpriseRegistrationQueue
{
    Task EnqueueAsync(EnterpriseRegistrationMessage message, CancellationToken cancellationToken);
}
