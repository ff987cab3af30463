using System.Globalization;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Tests.Grading;

namespace CreditSharing.Core.Tests.Records;

/// <summary><see cref="RecordWriter"/> against an in-memory store and queue.</summary>
public sealed class RecordWriterTests
{
    private const string Provider = SampleRecords.Provider;
    private const string Reason = "bulk-import";
    private const string Yicheng = "91411702MA6ULN0X2U";
    private const string Xiping = "91411721MA95XDFT69";
    private const string Shangcai = "91411722MAP5C64K8Q";

    private static readonly DateTimeOffset ReceivedAt = new(2026, 6, 15, 2, 30, 0, TimeSpan.Zero);

    private readonly SteppingClock clock = new(ReceivedAt.AddMinutes(1));
    private readonly InMemoryRecordStore store;
    private readonly RecordingGradeRequestQueue gradeRequests = new();
    private readonly RecordWriter writer;

    public RecordWriterTests()
    {
        store = new InMemoryRecordStore(clock);
        writer = new RecordWriter(store, gradeRequests, clock);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CreditRecord Record(string uscc, string sourceId, string? content = null) => SampleRecords.Penalty(uscc, sourceId, content);

    private static string EnterpriseUscc(int index)
        => Uscc.Compose('9', '1', "411702", "MA" + index.ToString("D6", CultureInfo.InvariantCulture)).Value;

    private static List<CreditRecord> RecordsOfEnterprises(int enterprises, int recordsEach)
        => [.. Enumerable.Range(0, enterprises)
            .SelectMany(e => Enumerable.Range(1, recordsEach).Select(r => Record(EnterpriseUscc(e), $"SW-{e}-{r}")))];

    private Task<RecordWriteCounts> StoreMany(IEnumerable<CreditRecord> records)
        => writer.StoreManyAsync(records, ReceivedAt, Reason, Ct);

    [Fact]
    public async Task StoresEveryRecordOfSeveralEnterprisesExactlyOnce()
    {
        var records = new[]
        {
            Record(Yicheng, "SW-1"), Record(Xiping, "SW-2"), Record(Yicheng, "SW-3"), Record(Shangcai, "SW-4"), Record(Xiping, "SW-5"),
        };

        var counts = await StoreMany(records);

        Assert.Equal(records.Length, counts.Created);
        Assert.Equal(0, counts.Corrected);
        Assert.Equal(0, counts.Unchanged);
        Assert.True(counts.Changed);
        Assert.Equal(["SW-1", "SW-3"], store.SourceIdsOf(Yicheng));
        Assert.Equal(["SW-2", "SW-5"], store.SourceIdsOf(Xiping));
        Assert.Equal(["SW-4"], store.SourceIdsOf(Shangcai));
        Assert.All(store.All(), s => Assert.Equal(1, s.Revision));
        Assert.Equal(records.Length, store.Writes);
    }

    [Fact]
    public async Task StoresManyRecordsOfManyEnterprisesWritingEachOnce()
    {
        var records = RecordsOfEnterprises(enterprises: 40, recordsEach: 3);

        var counts = await StoreMany(records);

        Assert.Equal(records.Count, counts.Created);
        Assert.Equal(records.Count, store.Writes);
        Assert.Equal(
            records.Select(r => (r.Uscc, r.Id)).Order(),
            store.All().Select(s => (s.Record.Uscc, s.Record.Id)).Order());
        Assert.All(records.GroupBy(r => r.Uscc), g => Assert.Equal(3, store.SourceIdsOf(g.Key).Count));
    }

    [Fact]
    public async Task RequestsGradesOfEveryEnterpriseOnceInMessagesOfAtMostTheLimit()
    {
        var records = RecordsOfEnterprises(enterprises: 1_200, recordsEach: 2);
        var usccs = records.Select(r => r.Uscc).ToHashSet(StringComparer.Ordinal);

        await StoreMany(records);

        var messages = gradeRequests.Messages;
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.InRange(m.Usccs.Count, 1, RecordWriter.EnterprisesPerGradeRequest);
            Assert.Equal(Reason, m.Reason);
        });
        var named = messages.SelectMany(m => m.Usccs).ToList();
        Assert.Equal(usccs.Count, named.Count);
        Assert.True(usccs.SetEquals(named));
    }

    [Fact]
    public async Task DelaysGradeRequestsSoABurstOfBatchesIsGradedOnce()
    {
        var records = RecordsOfEnterprises(enterprises: 3, recordsEach: 2);

        await StoreMany(records);

        Assert.All(gradeRequests.Delays, d => Assert.Equal(RecordWriter.GradeDebounce, d));
        Assert.InRange(RecordWriter.GradeDebounce, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task RequestsGradesOfEnterprisesWhoseRecordsAreUnchanged()
    {
        var records = RecordsOfEnterprises(enterprises: 5, recordsEach: 2);
        await StoreMany(records);
        gradeRequests.Clear();
        var writesBefore = store.Writes;

        var counts = await StoreMany(records);

        Assert.Equal(records.Count, counts.Unchanged);
        Assert.Equal(0, counts.Created);
        Assert.Equal(0, counts.Corrected);
        Assert.False(counts.Changed);
        Assert.Equal(writesBefore, store.Writes);
        var named = gradeRequests.Messages.SelectMany(m => m.Usccs).ToList();
        Assert.Equal(records.Select(r => r.Uscc).Distinct().Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CountsChangedContentUnderTheSameSourceIdAsACorrectionAtRevisionTwo()
    {
        await StoreMany([Record(Yicheng, "SW-1", "首次报送"), Record(Yicheng, "SW-2")]);

        var counts = await StoreMany([Record(Yicheng, "SW-1", "更正后内容"), Record(Yicheng, "SW-2")]);

        Assert.Equal(1, counts.Corrected);
        Assert.Equal(1, counts.Unchanged);
        Assert.Equal(0, counts.Created);
        var corrected = store.Get(Yicheng, Record(Yicheng, "SW-1").Id);
        Assert.Equal(2, corrected.Revision);
        Assert.Equal("更正后内容", corrected.Record.Content);
        Assert.Equal(ReceivedAt, corrected.ReceivedAt);
        Assert.Equal(1, store.Get(Yicheng, Record(Yicheng, "SW-2").Id).Revision);
    }

    [Fact]
    public async Task KeepsTheNewerSubmissionWhenAnOlderOneIsDeliveredAfterIt()
    {
        await writer.StoreManyAsync([Record(Yicheng, "SW-1", "较新的更正")], ReceivedAt, Reason, Ct);

        var counts = await writer.StoreManyAsync([Record(Yicheng, "SW-1", "较早的原始内容")], ReceivedAt.AddMinutes(-1), Reason, Ct);

        Assert.Equal(1, counts.Stale);
        Assert.Equal(0, counts.Corrected);
        var stored = store.Get(Yicheng, Record(Yicheng, "SW-1").Id);
        Assert.Equal("较新的更正", stored.Record.Content);
        Assert.Equal(1, stored.Revision);
        Assert.Equal(ReceivedAt, stored.SubmittedAt);
    }

    [Fact]
    public async Task TakesTheGradeRequestTimeNoEarlierThanTheLastWrite()
    {
        var records = RecordsOfEnterprises(enterprises: 30, recordsEach: 2);

        await StoreMany(records);

        Assert.NotEmpty(gradeRequests.Messages);
        Assert.All(gradeRequests.Messages, m => Assert.True(
            m.RequestedAt >= store.LastWriteAt,
            $"Requested at {m.RequestedAt:O}, before the last write at {store.LastWriteAt:O}."));
    }

    [Fact]
    public async Task TakesTheGradeRequestTimeAfterACorrectionIsWritten()
    {
        await StoreMany([Record(Yicheng, "SW-1", "首次报送")]);
        gradeRequests.Clear();

        await StoreMany([Record(Yicheng, "SW-1", "更正后内容")]);

        var message = Assert.Single(gradeRequests.Messages);
        Assert.True(message.RequestedAt >= store.LastWriteAt);
    }

    [Fact]
    public async Task RejectsARecordOfAnotherEnterpriseThanTheOneGiven()
    {
        var records = new[] { Record(Yicheng, "SW-1"), Record(Xiping, "SW-2") };

        await Assert.ThrowsAsync<InvalidMessageException>(
            () => writer.StoreAsync(Yicheng, records, ReceivedAt, requestGrade: true, Ct));

        Assert.Empty(store.All());
        Assert.Empty(gradeRequests.Messages);
    }

    [Fact]
    public async Task KeepsTheLaterOfTwoRecordsWithTheSameIdInOneCall()
    {
        var records = new[] { Record(Yicheng, "SW-1", "第一版"), Record(Xiping, "SW-9"), Record(Yicheng, "SW-1", "最终版") };

        var counts = await StoreMany(records);

        Assert.Equal(2, counts.Created);
        var stored = Assert.Single(store.SourceIdsOf(Yicheng));
        Assert.Equal("SW-1", stored);
        Assert.Equal(records[2], store.Get(Yicheng, records[2].Id).Record);
        Assert.Equal(1, store.Get(Yicheng, records[2].Id).Revision);
    }

    [Fact]
    public async Task KeepsTheLaterOfTwoRecordsWithTheSameIdWhenCorrecting()
    {
        await StoreMany([Record(Yicheng, "SW-1", "第一版")]);

        var counts = await StoreMany([Record(Yicheng, "SW-1", "第二版"), Record(Yicheng, "SW-1", "最终版")]);

        Assert.Equal(1, counts.Corrected);
        var stored = store.Get(Yicheng, Record(Yicheng, "SW-1").Id);
        Assert.Equal("最终版", stored.Record.Content);
        Assert.Equal(2, stored.Revision);
    }

    [Fact]
    public async Task SendsNoGradeRequestWhenGivenNoRecords()
    {
        var counts = await StoreMany([]);

        Assert.False(counts.Changed);
        Assert.Empty(gradeRequests.Messages);
        Assert.Empty(store.All());
    }

    /// <summary>
    /// The <c>Records</c> table in memory: one dictionary per enterprise, an ETag-like version per
    /// row. Every row written moves the clock on by a second, so a time taken before a write is
    /// earlier than <see cref="LastWriteAt"/>.
    /// </summary>
    private sealed class InMemoryRecordStore(SteppingClock clock) : IRecordStore
    {
        private readonly Lock gate = new();
        private readonly Dictionary<string, Dictionary<string, StoredRecord>> partitions = new(StringComparer.Ordinal);
        private long nextVersion;

        public int Writes { get; private set; }

        public DateTimeOffset LastWriteAt { get; private set; } = DateTimeOffset.MinValue;

        public Task<IReadOnlyDictionary<string, StoredRecord>> GetAsync(string uscc, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                var found = new Dictionary<string, StoredRecord>(StringComparer.Ordinal);
                if (partitions.TryGetValue(uscc, out var partition))
                {
                    foreach (var id in ids)
                    {
                        if (partition.TryGetValue(id, out var stored))
                        {
                            found[id] = stored;
                        }
                    }
                }

                return Task.FromResult<IReadOnlyDictionary<string, StoredRecord>>(found);
            }
        }

        public Task<bool> TryAddAsync(string uscc, IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                var partition = Partition(uscc);
                if (records.Any(r => partition.ContainsKey(r.Record.Id)))
                {
                    return Task.FromResult(false);
                }

                foreach (var record in records)
                {
                    Write(partition, record);
                }

                return Task.FromResult(true);
            }
        }

        public Task SaveAsync(string uscc, IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                var partition = Partition(uscc);
                foreach (var record in records)
                {
                    var current = partition.GetValueOrDefault(record.Record.Id);
                    if (current?.Version != record.Version)
                    {
                        throw new RecordConflictException($"{record.Record.Id} was written by another writer.");
                    }
                }

                foreach (var record in records)
                {
                    Write(partition, record);
                }

                return Task.CompletedTask;
            }
        }

        public IAsyncEnumerable<StoredRecord> ListAsync(string uscc, RecordFilter filter, CancellationToken cancellationToken)
            => throw new NotSupportedException("RecordWriter does not list records.");

        public Task<IReadOnlyList<RecordFacts>> ReadFactsAsync(string uscc, CancellationToken cancellationToken)
            => throw new NotSupportedException("RecordWriter does not read records for computing.");

        public IReadOnlyList<StoredRecord> All()
        {
            lock (gate)
            {
                return [.. partitions.Values.SelectMany(p => p.Values)];
            }
        }

        public IReadOnlyList<string> SourceIdsOf(string uscc)
        {
            lock (gate)
            {
                return partitions.TryGetValue(uscc, out var partition)
                    ? [.. partition.Values.Select(s => s.Record.SourceId).Order(StringComparer.Ordinal)]
                    : [];
            }
        }

        public StoredRecord Get(string uscc, string id)
        {
            lock (gate)
            {
                return partitions[uscc][id];
            }
        }

        private Dictionary<string, StoredRecord> Partition(string uscc)
        {
            if (!partitions.TryGetValue(uscc, out var partition))
            {
                partition = new Dictionary<string, StoredRecord>(StringComparer.Ordinal);
                partitions[uscc] = partition;
            }

            return partition;
        }

        private void Write(Dictionary<string, StoredRecord> partition, StoredRecord record)
        {
            nextVersion++;
            partition[record.Record.Id] = record with { Version = $"W/\"{nextVersion}\"" };
            Writes++;
            LastWriteAt = clock.Advance(TimeSpan.FromSeconds(1));
        }
    }
}
