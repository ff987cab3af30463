using CreditSharing.Core.Imports;
using CreditSharing.Core.Providers;

namespace CreditSharing.Core.Tests.Imports;

public sealed class ImportUploadServiceTests
{
    private const string Provider = "provider-upload";
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly MemoryUploads uploads = new();
    private readonly MemoryBlobs blobs = new();
    private readonly MemoryImports imports = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUploadExpiresOneHourAfterItsDeclarationAndItsUrlIsWriteOnlyForThatBlob()
    {
        var service = Service(Now);

        var ticket = (await service.CreateAsync(Provider, false, new UploadInput("a.csv", "text/csv", 100), Ct)).Value!;

        Assert.Equal(Now.AddHours(1), ticket.ExpiresAt);
        Assert.Equal((ticket.UploadId, Now.AddHours(1)), Assert.Single(blobs.Urls));
        Assert.Equal(Provider, uploads.Rows[ticket.UploadId].ProviderId);
    }

    [Fact]
    public async Task AnUnregisteredProviderGetsNoUrl()
    {
        var result = await Service(Now).CreateAsync("provider-unknown", false, new UploadInput("a.csv", "text/csv", 100), Ct);

        Assert.NotNull(result.ForbiddenDetail);
        Assert.Empty(blobs.Urls);
        Assert.Empty(uploads.Rows);
    }

    [Fact]
    public async Task StartingQueuesOneImportWhoseIdIsTheUploadId()
    {
        var ticket = (await Service(Now).CreateAsync(Provider, false, new UploadInput("a.ndjson", "application/x-ndjson", 3_000_000), Ct)).Value!;
        blobs.Committed[ticket.UploadId] = 3_000_000;

        var receipt = (await Service(Now.AddMinutes(59)).StartAsync(Provider, false, ticket.UploadId, Ct)).Value!;

        Assert.Equal(ticket.UploadId, receipt.ImportId);
        var state = Assert.Single(imports.Created);
        Assert.Equal((ImportFormats.Ndjson, 3), (state.Format, state.Passes));
        Assert.Equal(ticket.UploadId, Assert.Single(imports.Queued).ImportId);
        Assert.Equal(Now.AddMinutes(59), uploads.Rows[ticket.UploadId].StartedAt);
    }

    [Fact]
    public async Task AStartLosingTheRaceToAnotherIsAConflictAndQueuesNothing()
    {
        var ticket = (await Service(Now).CreateAsync(Provider, false, new UploadInput("a.csv", "text/csv", 10), Ct)).Value!;
        blobs.Committed[ticket.UploadId] = 10;
        uploads.LoseNextRace = true;

        var result = await Service(Now).StartAsync(Provider, false, ticket.UploadId, Ct);

        Assert.NotNull(result.ConflictDetail);
        Assert.Empty(imports.Created);
        Assert.Empty(imports.Queued);
    }

    [Fact]
    public async Task AnUploadIsNotFoundAtItsExpiryToTheSecond()
    {
        var ticket = (await Service(Now).CreateAsync(Provider, false, new UploadInput("a.csv", "text/csv", 10), Ct)).Value!;
        blobs.Committed[ticket.UploadId] = 10;

        var result = await Service(ticket.ExpiresAt).StartAsync(Provider, false, ticket.UploadId, Ct);

        Assert.NotNull(result.NotFoundDetail);
        Assert.Empty(imports.Created);
    }

    [Theory]
    [InlineData("..", "fileName")]
    [InlineData("a\\b.csv", "fileName")]
    [InlineData("", "fileName")]
    public async Task ABadFileNameIsNamed(string fileName, string field)
    {
        var result = await Service(Now).CreateAsync(Provider, false, new UploadInput(fileName, "text/csv", 10), Ct);

        Assert.Contains(field, result.Errors!.ToDictionary().Keys);
    }

    private ImportUploadService Service(DateTimeOffset now)
        => new(uploads, blobs, imports, imports, new FixedTimeProvider(now), new ProviderGate(MemoryProviderStore.WithEveryRight(Provider)));

    private sealed class MemoryUploads : IUploadStore
    {
        public Dictionary<string, UploadState> Rows { get; } = [];

        public bool LoseNextRace { get; set; }

        public Task CreateAsync(UploadState state, CancellationToken cancellationToken)
        {
            Rows.Add(state.UploadId, state with { Version = "1" });
            return Task.CompletedTask;
        }

        public Task<UploadState?> GetAsync(string uploadId, CancellationToken cancellationToken)
            => Task.FromResult(Rows.GetValueOrDefault(uploadId));

        public Task<bool> TryMarkStartedAsync(UploadState state, DateTimeOffset startedAt, CancellationToken cancellationToken)
        {
            if (LoseNextRace || Rows[state.UploadId].Version != state.Version)
            {
                return Task.FromResult(false);
            }

            Rows[state.UploadId] = state with { StartedAt = startedAt, Version = "2" };
            return Task.FromResult(true);
        }
    }

    private sealed class MemoryBlobs : IUploadBlobs
    {
        public List<(string Blob, DateTimeOffset ExpiresAt)> Urls { get; } = [];

        public Dictionary<string, long> Committed { get; } = [];

        public Task<Uri> CreateWriteUrlAsync(string blobName, DateTimeOffset startsAt, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        {
            Urls.Add((blobName, expiresAt));
            return Task.FromResult(new Uri($"https://example.invalid/uploads/{blobName}?sp=cw"));
        }

        public Task<long?> CommittedLengthAsync(string blobName, CancellationToken cancellationToken)
            => Task.FromResult(Committed.TryGetValue(blobName, out var length) ? length : (long?)null);
    }

    private sealed class MemoryImports : IImportStore, IImportQueue
    {
        public List<ImportState> Created { get; } = [];

        public List<ImportMessage> Queued { get; } = [];

        public Task CreateAsync(ImportState state, CancellationToken cancellationToken)
        {
            Created.Add(state);
            return Task.CompletedTask;
        }

        public Task<ImportState?> GetAsync(string importId, CancellationToken cancellationToken)
            => Task.FromResult(Created.FirstOrDefault(s => s.ImportId == importId));

        public Task<ImportState> SaveAsync(ImportState state, IReadOnlyList<RejectedLine> newRejectedLines, CancellationToken cancellationToken)
            => throw new NotSupportedException("Starting an upload saves no progress.");

        public Task<IReadOnlyList<RejectedLine>> GetRejectedLinesAsync(string importId, int max, CancellationToken cancellationToken)
            => throw new NotSupportedException("Starting an upload reads no rejected lines.");

        public Task EnqueueAsync(ImportMessage message, CancellationToken cancellationToken)
        {
            Queued.Add(message);
            return Task.CompletedTask;
        }
    }
}
