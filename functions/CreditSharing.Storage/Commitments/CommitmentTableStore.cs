using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Commitments;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Commitments;

/// <summary>
/// Table <c>Commitments</c>: PartitionKey = USCC, RowKey = commitment id (<c>{uscc}-{24 hex}</c>).
/// Rows are written once and never updated: the status is derived from the records on reading.
/// </summary>
public sealed class CommitmentEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>告知承诺, 主动承诺 or 行业承诺.</summary>
    public string? Kind { get; set; }

    public string? Text { get; set; }

    public DateTimeOffset SignedAt { get; set; }

    /// <summary>The city's day of signing, <c>yyyy-MM-dd</c>: the breach window starts after it.</summary>
    public string? SignedOn { get; set; }

    /// <summary><c>yyyy-MM-dd</c>, or null for a commitment without an end.</summary>
    public string? DueOn { get; set; }

    public string? LicenceRecordId { get; set; }

    public bool Public { get; set; }

    public string? SignedBy { get; set; }
}

/// <summary>Table <c>Commitments</c> (<see cref="CommitmentEntity"/>): one partition per enterprise.</summary>
public sealed class CommitmentTableStore(TableServiceClient tables, StorageNames names) : ICommitmentStore
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Commitments));

    public Task AddAsync(Commitment commitment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        return table.AddEntityAsync(ToEntity(commitment), cancellationToken);
    }

    public async Task<Commitment?> GetAsync(string uscc, string commitmentId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<CommitmentEntity>(TableKeys.Checked(uscc), TableKeys.Checked(commitmentId), cancellationToken: cancellationToken);
        return response.HasValue ? ToCommitment(response.Value!) : null;
    }

    public async Task<IReadOnlyList<Commitment>> ListAsync(string uscc, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(uscc)}");
        var all = new List<Commitment>();
        await foreach (var e in table.QueryAsync<CommitmentEntity>(filter, cancellationToken: cancellationToken))
        {
            all.Add(ToCommitment(e));
        }

        return all;
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static CommitmentEntity ToEntity(Commitment c) => new()
    {
        PartitionKey = TableKeys.Checked(c.Uscc),
        RowKey = TableKeys.Checked(c.Id),
        Kind = c.Kind,
        Text = c.Text,
        SignedAt = c.SignedAt,
        SignedOn = Day(c.SignedOn),
        DueOn = c.DueOn is { } due ? Day(due) : null,
        LicenceRecordId = c.LicenceRecordId,
        Public = c.Public,
        SignedBy = c.SignedBy,
    };

    private static Commitment ToCommitment(CommitmentEntity e) => new(
        e.RowKey,
        e.PartitionKey,
        e.Kind ?? string.Empty,
        e.Text ?? string.Empty,
        e.SignedAt,
        ParseDay(e.SignedOn ?? "0001-01-01"),
        e.DueOn is null ? null : ParseDay(e.DueOn),
        e.LicenceRecordId,
        e.Public,
        e.SignedBy ?? string.Empty);
}
