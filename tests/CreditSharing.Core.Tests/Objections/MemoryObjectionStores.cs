using CreditSharing.Core.Objections;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Objections;

/// <summary>The objection table in memory, with its per-target claim: one open objection per target.</summary>
internal sealed class MemoryObjectionStore : IObjectionStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, StoredObjection> rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> claims = new(StringComparer.Ordinal);
    private int version;

    public IReadOnlyList<Objection> All
    {
        get
        {
            lock (gate)
            {
                return rows.Values.Select(r => r.Objection).ToList();
            }
        }
    }

    public Task<StoredObjection?> GetAsync(string uscc, string objectionId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(rows.TryGetValue(objectionId, out var row) && row.Objection.Uscc == uscc ? row : null);
        }
    }

    public Task<IReadOnlyList<StoredObjection>> ListAsync(string uscc, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<StoredObjection>>(rows.Values.Where(r => r.Objection.Uscc == uscc).ToList());
        }
    }

    public Task<string?> TryAddAsync(Objection objection, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var claim = Claim(objection);
            if (claims.TryGetValue(claim, out var open))
            {
                return Task.FromResult<string?>(open);
            }

            claims[claim] = objection.Id;
            rows[objection.Id] = new StoredObjection(objection, (++version).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return Task.FromResult<string?>(null);
        }
    }

    public Task DecideAsync(StoredObjection decided, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (rows[decided.Objection.Id].Version != decided.Version)
            {
                throw new ObjectionConflictException("changed");
            }

            rows[decided.Objection.Id] = decided with { Version = (++version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            claims.Remove(Claim(decided.Objection));
            return Task.CompletedTask;
        }
    }

    public Task<(IReadOnlyList<Objection> Items, string? ContinuationToken)> PageAsync(ObjectionFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var items = rows.Values.Select(r => r.Objection)
                .Where(o => filter.ProviderId is null || o.ProviderId == filter.ProviderId)
                .Where(o => filter.Status switch
                {
                    ObjectionStatuses.Open => o.Decision is null,
                    ObjectionStatuses.Overdue => o.IsOverdueOn(filter.Today),
                    ObjectionStatuses.Decided => o.Decision is not null,
                    _ => true,
                })
                .OrderBy(o => o.Id, StringComparer.Ordinal)
                .Take(pageSize)
                .ToList();
            return Task.FromResult<(IReadOnlyList<Objection>, string?)>((items, null));
        }
    }

    private static string Claim(Objection o) => $"{o.Uscc}|{o.Target.Kind}|{o.Target.Id}";
}

/// <summary>Targets as a dictionary; withdrawals are recorded, and their answer can be set.</summary>
internal sealed class FakeObjectionTargets : IObjectionTargets
{
    public Dictionary<(string Uscc, string Kind, string Id), TargetState> Targets { get; } = [];

    public List<(string Uscc, ObjectionTarget Target, WithdrawalInput Input, string By, bool AsRegulator)> Withdrawals { get; } = [];

    public CommandResult<string>? WithdrawalAnswer { get; set; }

    public Task<TargetState?> FindAsync(string uscc, ObjectionTarget target, CancellationToken cancellationToken)
        => Task.FromResult(Targets.GetValueOrDefault((uscc, target.Kind, target.Id)));

    public Task<CommandResult<string>> WithdrawAsync(string uscc, ObjectionTarget target, WithdrawalInput input, string by, bool asRegulator, CancellationToken cancellationToken)
    {
        Withdrawals.Add((uscc, target, input, by, asRegulator));
        return Task.FromResult(WithdrawalAnswer ?? CommandResult<string>.Ok(target.Id));
    }
}

internal sealed class MemoryEvidenceFiles : IEvidenceFiles
{
    public Dictionary<string, (EvidenceReceipt Receipt, byte[] Content, string By)> Files { get; } = new(StringComparer.Ordinal);

    public Task SaveAsync(EvidenceReceipt receipt, ReadOnlyMemory<byte> content, string uploadedBy, CancellationToken cancellationToken)
    {
        Files[receipt.EvidenceId] = (receipt, content.ToArray(), uploadedBy);
        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string evidenceId, CancellationToken cancellationToken) => Task.FromResult(Files.ContainsKey(evidenceId));
}
