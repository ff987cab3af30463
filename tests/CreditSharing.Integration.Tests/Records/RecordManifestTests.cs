using Azure.Data.Tables;
using CreditSharing.Core.Records;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;
using CreditSharing.Storage.Records;

namespace CreditSharing.Integration.Tests.Records;

/// <summary>The <c>Records</c> table's manifest rows (<see cref="RecordManifest"/>), through <see cref="RecordTableStore"/> on real Azurite.</summary>
public sealed class RecordManifestTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadsEveryRecordFromTheManifestWithoutItsFreeText()
    {
        var (store, _) = await NewTableAsync();
        var uscc = TestData.NewUscc();

        Assert.True(await store.TryAddAsync(uscc, [Stored(uscc, "A-1"), Stored(uscc, "A-2")], Ct));
        var facts = await store.ReadFactsAsync(uscc, Ct);

        Assert.Equal(["A-1", "A-2"], facts.Select(f => f.Record.SourceId).Order(StringComparer.Ordinal));
        var first = facts.Single(f => f.Record.SourceId == "A-1").Record;
        var expected = Stored(uscc, "A-1").Record with { Content = null, LegalBasis = null };
        Assert.Equal(expected, first);
        Assert.All(facts, f => Assert.Null(f.RepairedOn));
    }

    [Fact]
    public async Task ReadsNothingForAnEnterpriseWithoutRecordsInATableWithManifests()
    {
        var (store, _) = await NewTableAsync();
        var other = TestData.NewUscc();
        await store.TryAddAsync(other, [Stored(other, "B-1")], Ct);

        Assert.Empty(await store.ReadFactsAsync(TestData.NewUscc(), Ct));
    }

    [Fact]
    public async Task TrustsTheManifestsOfConcurrentFirstWritersOfANewTable()
    {
        var (store, table) = await NewTableAsync();
        var usccs = Enumerable.Range(0, 24).Select(_ => TestData.NewUscc()).ToList();

        await Task.WhenAll(usccs.Select(uscc => Task.Run(() => store.TryAddAsync(uscc, [Stored(uscc, "G-1")], Ct))));

        foreach (var uscc in usccs)
        {
            var row = (await table.GetEntityAsync<TableEntity>(uscc, RecordManifest.RowKey, cancellationToken: Ct)).Value;
            Assert.Equal("G-1", Assert.Single(RecordManifest.Read(row, uscc)!).Record.SourceId);
        }
    }

    [Fact]
    public async Task CarriesCorrectionsAndRepairsIntoTheManifest()
    {
        var (store, _) = await NewTableAsync();
        var uscc = TestData.NewUscc();
        await store.TryAddAsync(uscc, [Stored(uscc, "C-1")], Ct);
        var stored = (await store.GetAsync(uscc, [RecordId.Of("provider-market", "C-1")], Ct)).Values.Single();

        await store.SaveAsync(uscc, [stored with { Record = stored.Record with { Severity = "serious" }, Revision = 2 }], Ct);
        stored = (await store.GetAsync(uscc, [stored.Record.Id], Ct)).Values.Single();
        await store.SaveAsync(uscc, [stored with { Repair = new RecordRepair(new DateOnly(2026, 11, 25), "整改完成", "驻市监修〔2026〕1号", null, "regulator-1") }], Ct);
        var fact = Assert.Single(await store.ReadFactsAsync(uscc, Ct));

        Assert.Equal("serious", fact.Record.Severity);
        Assert.Equal(new DateOnly(2026, 11, 25), fact.RepairedOn);
    }

    [Fact]
    public async Task LeavesTheManifestOutOfListsOfRecords()
    {
        var (store, _) = await NewTableAsync();
        var uscc = TestData.NewUscc();
        await store.TryAddAsync(uscc, [Stored(uscc, "D-1")], Ct);

        var listed = await store.ListAsync(uscc, new RecordFilter(null, null, null, null), Ct).ToListAsync(Ct);

        Assert.Equal("D-1", Assert.Single(listed).Record.SourceId);
    }

    [Fact]
    public async Task ReadsATableFromBeforeManifestsByQueryAndRebuildsTheManifest()
    {
        var (_, table) = await NewTableAsync(create: false);
        var uscc = TestData.NewUscc();

        // Rows as a version without manifests wrote them: no marker, no manifest row.
        var legacyWriter = new RecordTableStore(new TableServiceClient(await SharedAzurite.ConnectionStringAsync()), NamesOf(table));
        await table.CreateAsync(Ct);
        await table.AddEntityAsync(new TableEntity("0000", "x~y"), Ct);
        await legacyWriter.TryAddAsync(uscc, [Stored(uscc, "E-1")], Ct);
        await table.DeleteEntityAsync(uscc, RecordManifest.RowKey, cancellationToken: Ct);
        var store = new RecordTableStore(new TableServiceClient(await SharedAzurite.ConnectionStringAsync()), NamesOf(table));

        var facts = await store.ReadFactsAsync(uscc, Ct);
        var rebuilt = await table.GetEntityIfExistsAsync<TableEntity>(uscc, RecordManifest.RowKey, cancellationToken: Ct);

        Assert.Equal("E-1", Assert.Single(facts).Record.SourceId);
        Assert.True(rebuilt.HasValue);
        Assert.Equal("E-1", Assert.Single(RecordManifest.Read(rebuilt.Value!, uscc)!).Record.SourceId);
    }

    [Fact]
    public async Task SendsReadersToAQueryWhenTheRecordsOutgrowOneEntity()
    {
        var (_, table) = await NewTableAsync(create: false);
        var uscc = TestData.NewUscc();
        await table.CreateAsync(Ct);
        await table.AddEntityAsync(new TableEntity("0000", "x~y"), Ct);
        var legacyWriter = new RecordTableStore(new TableServiceClient(await SharedAzurite.ConnectionStringAsync()), NamesOf(table));

        // 900 records with the longest titles and authorities: more than one entity's 1 MiB. Written
        // in a table from before manifests, their manifest row is not trusted, and its rebuild is too large.
        var many = Enumerable.Range(0, 900).Select(i => Stored(uscc, $"F-{i:D4}") with
        {
            Record = Stored(uscc, $"F-{i:D4}").Record with { Title = new string('罚', 200), Authority = new string('局', 200) },
        }).ToList();
        await legacyWriter.TryAddAsync(uscc, many, Ct);
        var store = new RecordTableStore(new TableServiceClient(await SharedAzurite.ConnectionStringAsync()), NamesOf(table));

        var facts = await store.ReadFactsAsync(uscc, Ct);
        var row = (await table.GetEntityAsync<TableEntity>(uscc, RecordManifest.RowKey, cancellationToken: Ct)).Value;

        Assert.Equal(900, facts.Count);
        Assert.True(row.GetBoolean(RecordManifest.Overflow));
        Assert.Null(RecordManifest.Read(row, uscc));
        Assert.Equal(900, (await store.ReadFactsAsync(uscc, Ct)).Count);
    }

    private static async Task<(RecordTableStore Store, TableClient Table)> NewTableAsync(bool create = true)
    {
        var names = StorageNames.WithPrefix("m" + Guid.NewGuid().ToString("N")[..12]);
        var service = new TableServiceClient(await SharedAzurite.ConnectionStringAsync());
        var table = service.GetTableClient(names.Table(TableNames.Records));
        if (create)
        {
            await table.CreateAsync(Ct);
        }

        return (new RecordTableStore(service, names), table);
    }

    private static StorageNames NamesOf(TableClient table) => StorageNames.WithPrefix(table.Name[..^TableNames.Records.Length]);

    private static StoredRecord Stored(string uscc, string sourceId) => new(
        new CreditRecord(
            "provider-market", sourceId, uscc, "penalty", "未按规定公示年度报告", "责令改正并处罚款", new DateOnly(2026, 5, 1), "驻市监罚〔2026〕12号",
            "驻马店市市场监督管理局", null, "《企业信息公示暂行条例》第十八条", "general", null, null, 5000.00m, null, "public"),
        1,
        Received,
        Received,
        "hash-" + sourceId,
        null,
        SubmittedAt: Received);
}
