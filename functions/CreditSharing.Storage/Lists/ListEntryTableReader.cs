using System.Globalization;
using Azure.Data.Tables;
using CreditSharing.Core.Grading;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Lists;

public sealed class ListEntryTableReader(TableServiceClient tables, StorageNames names) : IListEntryReader
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.ListEntries));

    public async Task<IReadOnlyList<ListEntrySnapshot>> GetEntriesAsync(string uscc, CancellationToken cancellationToken)
    {
        var entries = new List<ListEntrySnapshot>();
        await foreach (var e in table.QueryAsync<ListEntryEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(uscc)}"), cancellationToken: cancellationToken))
        {
            entries.Add(new ListEntrySnapshot(e.RowKey, e.ListType, Day(e.DecidedOn), Day(e.ExpiresOn), e.EndedOn is null ? null : Day(e.EndedOn)));
        }

        return entries;
    }

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
