using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using CreditSharing.Core.Imports;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Imports;

/// <summary>
/// SAS uploads (issue 25): a provider declares a file, puts its blocks with nothing but the SAS URL,
/// resumes after an interruption, commits and starts the import; the SAS writes one blob and nothing else.
/// </summary>
public sealed class ImportUploadTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private const string Header = "sourceId,uscc,category,title,decisionDate,authority,disclosure";
    private const int BlockSize = 4 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResumesAnInterruptedUploadThenImportsItOnce()
    {
        using var provider = await host.ClientAsync("upload-provider", "DataProvider");
        var uscc = TestData.NewUscc("411702");
        var file = Csv(uscc, lines: 300);
        var blocks = file.Chunk(BlockSize).ToArray();
        Assert.True(blocks.Length >= 4);
        var ticket = await CreateAsync(provider, "处罚.csv", "text/csv", file.Length);
        var sasBlob = new BlockBlobClient(ticket.UploadUrl);

        // The first half, then the connection drops.
        for (var i = 0; i < blocks.Length / 2; i++)
        {
            await StageAsync(sasBlob, i, blocks[i]);
        }

        using (var early = await StartAsync(provider, ticket.UploadId))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        // Resume: the staged blocks are there, uncommitted; put the missing ones and commit them all.
        var observer = host.Container(ContainerNames.Uploads).GetBlockBlobClient(ticket.UploadId);
        var staged = (await observer.GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: Ct)).Value.UncommittedBlocks.Select(b => b.Name).ToHashSet();
        Assert.Equal(Enumerable.Range(0, blocks.Length / 2).Select(BlockId).ToHashSet(), staged);
        for (var i = 0; i < blocks.Length; i++)
        {
            if (!staged.Contains(BlockId(i)))
            {
                await StageAsync(sasBlob, i, blocks[i]);
            }
        }

        await sasBlob.CommitBlockListAsync(Enumerable.Range(0, blocks.Length).Select(BlockId), cancellationToken: Ct);

        using var started = await StartAsync(provider, ticket.UploadId);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var receipt = await started.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(ticket.UploadId, receipt.GetProperty("importId").GetString());
        var status = await FinishedAsync(provider, started.Headers.Location!.OriginalString);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(300, status.GetProperty("total").GetInt32());
        Assert.Equal(300, status.GetProperty("accepted").GetInt32());
        Assert.Equal(0, status.GetProperty("rejected").GetInt32());

        using var again = await StartAsync(provider, ticket.UploadId);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheSasWritesItsBlobButCannotReadListOrDelete()
    {
        using var provider = await host.ClientAsync("upload-provider", "DataProvider");
        var file = Csv(TestData.NewUscc(), lines: 3);
        var ticket = await CreateAsync(provider, "small.csv", "text/csv", file.Length);
        var sasBlob = new BlockBlobClient(ticket.UploadUrl);
        await StageAsync(sasBlob, 0, file);
        await sasBlob.CommitBlockListAsync([BlockId(0)], cancellationToken: Ct);
        var container = new BlobContainerClient(new BlobUriBuilder(ticket.UploadUrl) { BlobName = string.Empty }.ToUri());
        var neighbour = container.GetBlobClient(Guid.NewGuid().ToString("N"));

        var read = await Assert.ThrowsAsync<RequestFailedException>(() => sasBlob.DownloadContentAsync(Ct));
        var blockList = await Assert.ThrowsAsync<RequestFailedException>(() => sasBlob.GetBlockListAsync(BlockListTypes.All, cancellationToken: Ct));
        var list = await Assert.ThrowsAsync<RequestFailedException>(async () => await container.GetBlobsAsync(cancellationToken: Ct).AsPages().FirstAsync(Ct));
        var delete = await Assert.ThrowsAsync<RequestFailedException>(() => sasBlob.DeleteAsync(cancellationToken: Ct));
        var other = await Assert.ThrowsAsync<RequestFailedException>(() => neighbour.UploadAsync(BinaryData.FromBytes(file), Ct));

        Assert.All(new[] { read, blockList, list, delete, other }, e => Assert.Equal(403, e.Status));
        Assert.Equal(file.Length, (await host.Container(ContainerNames.Uploads).GetBlobClient(ticket.UploadId).GetPropertiesAsync(cancellationToken: Ct)).Value.ContentLength);
        Assert.True(ticket.ExpiresAt > await host.ClockAsync());
    }

    [Fact]
    public async Task AnUnknownOrForeignUploadIsNotFound()
    {
        using var provider = await host.ClientAsync("upload-provider", "DataProvider");
        using var other = await host.ClientAsync("upload-other", "DataProvider");
        var file = Csv(TestData.NewUscc(), lines: 2);
        var theirs = await CreateAsync(other, "theirs.csv", "text/csv", file.Length);
        var sasBlob = new BlockBlobClient(theirs.UploadUrl);
        await StageAsync(sasBlob, 0, file);
        await sasBlob.CommitBlockListAsync([BlockId(0)], cancellationToken: Ct);

        using var unknown = await StartAsync(provider, Guid.NewGuid().ToString("N"));
        using var foreign = await StartAsync(provider, theirs.UploadId);
        using var malformed = await StartAsync(provider, "../../etc/passwd");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        var unknownTitle = (await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString();
        Assert.Equal(unknownTitle, (await foreign.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task AnExpiredUploadIsNotFound()
    {
        using var provider = await host.ClientAsync("upload-provider", "DataProvider");
        var file = Csv(TestData.NewUscc(), lines: 2);
        var ticket = await CreateAsync(provider, "late.csv", "text/csv", file.Length);
        var sasBlob = new BlockBlobClient(ticket.UploadUrl);
        await StageAsync(sasBlob, 0, file);
        await sasBlob.CommitBlockListAsync([BlockId(0)], cancellationToken: Ct);

        await host.SetClockAsync(ticket.ExpiresAt.AddMinutes(1));
        using var late = await StartAsync(provider, ticket.UploadId);

        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
    }

    [Fact]
    public async Task ABlobOfAnotherLengthThanDeclaredIsAConflict()
    {
        using var provider = await host.ClientAsync("upload-provider", "DataProvider");
        var file = Csv(TestData.NewUscc(), lines: 2);
        var ticket = await CreateAsync(provider, "short.csv", "text/csv", file.Length + 10);
        var sasBlob = new BlockBlobClient(ticket.UploadUrl);
        await StageAsync(sasBlob, 0, file);
        await sasBlob.CommitBlockListAsync([BlockId(0)], cancellationToken: Ct);

        using var answer = await StartAsync(provider, ticket.UploadId);

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(file.Length, problem.GetProperty("committedLength").GetInt64());
    }

    [Theory]
    [InlineData("a/b.csv", "text/csv", 10L, "fileName")]
    [InlineData("a\u0001.csv", "text/csv", 10L, "fileName")]
    [InlineData("ok.csv", "application/pdf", 10L, "contentType")]
    [InlineData("ok.csv", "text/csv", 0L, "length")]
    [InlineData("ok.csv", "text/csv", ImportService.MaxUploadBytes + 1, "length")]
    public async Task RefusesABadDeclarationNamingTheField(string fileName, string contentType, long length, string field)
    {
        using var provider = await host.ClientAsync("upload-provider", "DataProvider");

        using var answer = await provider.PostAsJsonAsync("/api/imports/uploads", new { fileName, contentType, length }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task RefusesADirectBodyOverTwentyFiveMebibytes()
    {
        using var provider = await host.ClientAsync("upload-provider", "DataProvider");
        var body = new byte[(int)ImportService.MaxDirectBodyBytes + 1];
        Array.Fill(body, (byte)'x');
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        request.Headers.ExpectContinue = true;

        using var answer = await provider.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    private static string BlockId(int index) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{index:D6}"));

    private static async Task StageAsync(BlockBlobClient blob, int index, byte[] block)
    {
        using var stream = new MemoryStream(block);
        await blob.StageBlockAsync(BlockId(index), stream, cancellationToken: Ct);
    }

    private static byte[] Csv(string uscc, int lines)
    {
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < lines; i++)
        {
            csv.Append($"UP-{uscc}-{i:D5},{uscc},honour,诚信经营示范商户第{i}号,2026-01-15,驻马店市商务局,public\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static async Task<UploadTicket> CreateAsync(HttpClient client, string fileName, string contentType, long length)
    {
        using var answer = await client.PostAsJsonAsync("/api/imports/uploads", new { fileName, contentType, length }, Ct);
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var ticket = (await answer.Content.ReadFromJsonAsync<UploadTicket>(JsonSerializerOptions.Web, Ct))!;
        Assert.Equal($"/api/imports/{ticket.UploadId}", answer.Headers.Location!.OriginalString);
        return ticket;
    }

    private static Task<HttpResponseMessage> StartAsync(HttpClient client, string uploadId)
        => client.PostAsJsonAsync("/api/imports", new { uploadId }, Ct);

    private static async Task<JsonElement> FinishedAsync(HttpClient client, string location)
        => await Eventually.GetAsync(
            async () =>
            {
                var status = await client.GetFromJsonAsync<JsonElement>(location, Ct);
                return status.GetProperty("status").GetString() is "completed" or "failed" ? (JsonElement?)status : null;
            },
            what: "the import to finish") ?? default;
}
