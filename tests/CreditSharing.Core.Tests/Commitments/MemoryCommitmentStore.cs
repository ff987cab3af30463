using CreditSharing.Core.Commitments;

namespace CreditSharing.Core.Tests.Commitments;

/// <summary>The Commitments table in memory.</summary>
internal sealed class MemoryCommitmentStore : ICommitmentStore
{
    private readonly Lock gate = new();
    private readonly List<Commitment> rows = [];

    public Task AddAsync(Commitment commitment, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            rows.Add(commitment);
        }

        return Task.CompletedTask;
    }

    public Task<Commitment?> GetAsync(string uscc, string commitmentId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(rows.FirstOrDefault(c => c.Uscc == uscc && c.Id == commitmentId));
        }
    }

    public Task<IReadOnlyList<Commitment>> ListAsync(string uscc, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<Commitment>>([.. rows.Where(c => c.Uscc == uscc)]);
        }
    }
}
