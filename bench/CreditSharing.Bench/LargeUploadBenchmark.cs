using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using CreditSharing.Core.Shared;
using CreditSharing.DevHost;

namespace CreditSharing.Bench;

/// <summary>
/// Issue 25's bar: a SAS upload of up to 2 GiB imported while the DevHost stays under 500 MB resident.
/// The file is generated as it is uploaded (8 MiB blocks through the write-only SAS, as a client does).
/// One line in 100 is a valid record (about 1% of the lines, across 10,000 enterprises); the rest carry an
/// impossible decision date, so the measure exercises the read, parse and reject path of every pass over the
/// whole file without storing millions of records in an in-memory Azurite. The baseline is the raw read of the
/// same blob with the connection string, once per pass the import makes, in the same run.
/// </summary>
public static class LargeUploadBenchmark
{
    private const int BlockBytes = 8 * 1024 * 1024;
    private const string Header = "sourceId,uscc,category,title,content,decisionDate,documentNo,authority,legalBasis,severity,outcome,rating,amount,disclosure";

    public static async Task<IReadOnlyList<string>> RunAsync(DevHostProcess host, string connectionString, string prefix, long bytes)
    {
        var usccs = Enumerable.Range(0, 10_000).Select(i => Uscc.Compose('9', '1', $"4117{(20 + (i % 10)).ToString(CultureInfo.InvariantCulture)}", $"MU{i:D6}").Value).ToList();
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        await LocalTokenClient.RegisterProviderAsync(host.BaseAddress, "bench-large", LocalTokenClient.EveryRight("bench-large"));
        using var tokenResponse = await client.PostAsJsonAsync("/dev/token", new { roles = new[] { "DataProvider" }, sub = "bench-large" });
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // The exact length is declared up front, so the generator pads the last line to reach it.
        using var declared = await client.PostAsJsonAsync("/api/imports/uploads", new { fileName = "large.csv", contentType = "text/csv", length = bytes });
        declared.EnsureSuccessStatusCode();
        var ticket = await declared.Content.ReadFromJsonAsync<JsonElement>();
        var uploadId = ticket.GetProperty("uploadId").GetString()!;
        var blob = new BlockBlobClient(new Uri(ticket.GetProperty("uploadUrl").GetString()!));

        var watch = Stopwatch.StartNew();
        var (lines, valid, blockIds) = await UploadAsync(blob, bytes, usccs);
        var uploaded = watch.Elapsed;
        var peak = host.Memory().PeakRss;

        watch.Restart();
        using var start = await client.PostAsJsonAsync("/api/imports", new { uploadId });
        start.EnsureSuccessStatusCode();
        var location = start.Headers.Location!.OriginalString;
        var status = default(JsonElement);
        await Progress.RunAsync($"large upload: {lines:N0} lines ({bytes / 1024.0 / 1024.0:N0} MiB)", lines, async report =>
        {
            do
            {
                await Task.Delay(1_000);
                peak = Math.Max(peak, host.Memory().PeakRss);
                status = await client.GetFromJsonAsync<JsonElement>(location);
                report(status.GetProperty("total").GetInt32());
            }
            while (status.GetProperty("status").GetString() is "queued" or "running");
        });
        var processed = watch.Elapsed;
        peak = Math.Max(peak, host.Memory().PeakRss);

        var passes = Core.Imports.ImportService.PassesFor(bytes);
        var raw = await RawReadAsync(new BlobServiceClient(connectionString).GetBlobContainerClient(blob.BlobContainerName).GetBlobClient(blob.Name), passes);
        return
        [
            $"| SAS upload of a {bytes / 1024.0 / 1024.0:N0} MiB CSV ({lines:N0} lines, {valid:N0} valid, {blockIds} blocks of 8 MiB) | status {status.GetProperty("status").GetString()}, total {status.GetProperty("total").GetInt32():N0}, accepted {status.GetProperty("accepted").GetInt32():N0}, rejected {status.GetProperty("rejected").GetInt32():N0}; {passes} passes |",
            $"| product: blocks put through the SAS and committed | {uploaded.TotalSeconds:F1} s ({bytes / 1024.0 / 1024.0 / uploaded.TotalSeconds:F0} MiB/s) |",
            $"| product: start to completed | {processed.TotalSeconds:F1} s ({lines / processed.TotalSeconds:N0} lines/s) |",
            $"| baseline: the blob read raw {passes} times (one per pass) | {raw.TotalSeconds:F1} s |",
            $"| ratio baseline / product (time) | {raw.TotalSeconds / processed.TotalSeconds:F2} |",
            $"| DevHost peak resident memory (VmHWM), bar 500 MB | {peak:F0} MiB |",
        ];
    }

    private static async Task<(long Lines, long Valid, int Blocks)> UploadAsync(BlockBlobClient blob, long bytes, IReadOnlyList<string> usccs)
    {
        var ids = new List<string>();
        var buffer = new MemoryStream(BlockBytes + 4096);
        long written = 0, lines = 0, valid = 0;
        var header = Encoding.UTF8.GetBytes(Header + "\n");
        buffer.Write(header);
        written += header.Length;
        lines++;
        while (written < bytes)
        {
            var i = lines;
            var uscc = usccs[(int)(i % usccs.Count)];
            var isValid = i % 100 == 0;
            var line = Encoding.UTF8.GetBytes(
                $"L-{i:D9},{uscc},tax-rating,2025年度纳税信用评价,,{(isValid ? "2026-04-15" : "2026-13-40")},,国家税务总局驻马店市税务局,,,,B,,public\n");
            var left = bytes - written;
            if (line.Length > left)
            {
                // The last line: spaces to the declared length (a blank line is skipped by the reader).
                line = Enumerable.Repeat((byte)' ', (int)left - 1).Append((byte)'\n').ToArray();
            }
            else if (isValid)
            {
                valid++;
            }

            buffer.Write(line);
            written += line.Length;
            lines++;
            if (buffer.Length >= BlockBytes || written >= bytes)
            {
                var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{ids.Count:D6}"));
                buffer.Position = 0;
                await blob.StageBlockAsync(id, buffer);
                ids.Add(id);
                buffer.SetLength(0);
            }
        }

        await blob.CommitBlockListAsync(ids);
        return (lines, valid, ids.Count);
    }

    private static async Task<TimeSpan> RawReadAsync(BlobClient blob, int passes)
    {
        var watch = Stopwatch.StartNew();
        var chunk = new byte[1024 * 1024];
        for (var pass = 0; pass < passes; pass++)
        {
            await using var stream = await blob.OpenReadAsync();
            while (await stream.ReadAsync(chunk) > 0)
            {
            }
        }

        return watch.Elapsed;
    }
}
