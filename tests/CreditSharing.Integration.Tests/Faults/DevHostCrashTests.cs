using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using CreditSharing.DevHost;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;
using CreditSharing.Storage.Records;
using Xunit.Sdk;

namespace CreditSharing.Integration.Tests.Faults;

/// <summary>
/// The host killed with SIGKILL in the middle of record ingestion and started again: every record
/// answered with 202 is stored exactly once (queue redelivery plus the writer's idempotency).
/// </summary>
public sealed class DevHostCrashTests(ITestOutputHelper output)
{
    private const int RecordsPerBatch = 100;
    private const int BatchesBeforeKill = 15;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoresEveryAcceptedRecordExactlyOnceAfterTheHostIsKilledMidIngestion()
    {
        await using var azurite = await EmbeddedAzurite.StartAsync(cancellationToken: Ct);
        var names = StorageNames.WithPrefix("crash" + Guid.NewGuid().ToString("N")[..8]);
        var usccs = Enumerable.Range(0, 40).Select(_ => TestData.NewUscc()).ToList();
        var accepted = new List<string>();
        var sequence = 0;

        using (var first = await StartHostAsync(azurite.ConnectionString, names))
        {
            using var provider = await ProviderAsync(first);
            for (var batch = 0; batch < BatchesBeforeKill; batch++)
            {
                await PostBatchAsync(provider, usccs, accepted, () => sequence++);
            }

            // Killed while the last batches are still queued or half-stored.
            first.Kill();
        }

        var queued = (await new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, names.Queue(QueueNames.CreditRecords)).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount;
        output.WriteLine($"after the kill: {queued} record messages still queued or leased");

        using var second = await StartHostAsync(azurite.ConnectionString, names);
        using (var provider = await ProviderAsync(second))
        {
            await PostBatchAsync(provider, usccs, accepted, () => sequence++);
        }

        var records = new TableServiceClient(azurite.ConnectionString).GetTableClient(names.Table(TableNames.Records));
        var stored = await Eventually.GetAsync(
            async () =>
            {
                var rows = new List<TableEntity>();
                await foreach (var row in records.QueryAsync<TableEntity>(RecordManifest.RecordRowsFilter, cancellationToken: Ct))
                {
                    rows.Add(row);
                }

                return rows.Count >= accepted.Count ? rows : null;
            },
            TimeSpan.FromSeconds(90),
            $"all {accepted.Count} accepted records to be stored after the restart");

        output.WriteLine($"{accepted.Count} records accepted with 202 across a SIGKILL; {stored.Count} stored");
        Assert.Equal(accepted.Count, stored.Count);
        Assert.Equal(accepted.Order(StringComparer.Ordinal), stored.Select(r => r.GetString("SourceId")).Order(StringComparer.Ordinal));
        Assert.All(stored, r => Assert.Equal(1, r.GetInt32("Revision")));
    }

    private static async Task PostBatchAsync(HttpClient provider, IReadOnlyList<string> usccs, List<string> accepted, Func<int> next)
    {
        var batch = Enumerable.Range(0, RecordsPerBatch).Select(_ => next()).Select(i => Infrastructure.Records.Penalty(usccs[i % usccs.Count], $"CRASH-{i:D6}")).ToList();
        using var response = await provider.PostAsJsonAsync("/api/records", batch, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(RecordsPerBatch, receipt.GetProperty("accepted").GetInt32());
        accepted.AddRange(batch.Select(r => (string)r["sourceId"]!));
    }

    private static async Task<DevHostProcess> StartHostAsync(string connectionString, StorageNames names)
        => await DevHostProcess.StartAsync(
            Path.Combine(AppContext.BaseDirectory, "CreditSharing.DevHost.dll"),
            [
                "--urls", "http://127.0.0.1:0",
                "--Storage:ConnectionString", connectionString,
                "--Storage:NamePrefix", names.Prefix,
                "--DevHost:ProcessingLease", "00:00:05",
                "--AzureFunctionsJobHost:extensions:queues:visibilityTimeout", "00:00:01",
                "--AzureFunctionsJobHost:extensions:queues:maxPollingInterval", "00:00:00.200",
                "--Logging:LogLevel:Default", "Warning",
            ]);

    private static Task<HttpClient> ProviderAsync(DevHostProcess host)
        => LocalTokenClient.CreateRegisteredAsync(host.BaseAddress, new LocalTokenRequest(["DataProvider"], "sw-crash", null, null), Ct);
}
