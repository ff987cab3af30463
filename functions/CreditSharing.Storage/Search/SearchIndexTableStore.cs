using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Search;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Search;

/// <summary>The n-gram index by point reads only (<see cref="SearchGramKeys"/>; docs/search.md).</summary>
public sealed class SearchIndexTableStore(TableServiceClient tables, StorageNames names) : ISearchIndexStore
{
    /// <summary>Concurrent writers of one gram row retry on a lost ETag race this many times.</summary>
    private const int MaxAttempts = 50;

    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.SearchGrams));

    public async Task<IReadOnlyList<GramRow?>> ReadAsync(IReadOnlyList<string> grams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grams);
        var reads = grams.Select(async gram => (await FindAsync(gram, cancellationToken)).Row);
        return await Task.WhenAll(reads);
    }

    public Task<bool> PostAsync(string gram, GramPosting posting, CancellationToken cancellationToken)
        => ChangeAsync(gram, row => SearchIndexRules.With(row, gram, posting), cancellationToken);

    public Task<bool> RemoveAsync(string gram, string uscc, CancellationToken cancellationToken)
        => ChangeAsync(gram, row => SearchIndexRules.Without(row, gram, uscc), cancellationToken);

    private async Task<bool> ChangeAsync(string gram, Func<GramRow?, GramRow?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (row, etag) = await FindAsync(gram, cancellationToken);
            if (change(row) is not { } updated)
            {
                return false;
            }

            try
            {
                var entity = SearchGramKeys.Write(updated);
                if (etag is { } tag)
                {
                    await table.UpdateEntityAsync(entity, tag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                }

                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another enterprise was posted to the same gram first: read again and apply again.
                await Task.Delay(Random.Shared.Next(5, 10 * Math.Min(attempt, 10)), cancellationToken);
            }
        }
    }

    /// <summary>Writes whole rows at once (seeding a large index, e.g. the bench): an upsert per row, no read.</summary>
    public async Task WriteAsync(IEnumerable<GramRow> rows, int parallelism, CancellationToken cancellationToken)
        => await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (row, ct) =>
            await table.UpsertEntityAsync(SearchGramKeys.Write(row), TableUpdateMode.Replace, ct));

    private async Task<(GramRow? Row, ETag? ETag)> FindAsync(string gram, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(SearchGramKeys.PartitionKey(gram), SearchGramKeys.RowKey, cancellationToken: cancellationToken);
        return response.HasValue ? (SearchGramKeys.Read(gram, response.Value!), response.Value!.ETag) : (null, null);
    }
}
