using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Lists;

/// <summary>
/// Container <c>published</c>: <c>lists/{yyyy-MM-dd}/{red|black}.json</c> and <c>.csv</c> (红黑榜发布),
/// plus <c>lists/latest/{red|black}.csv</c>, a copy of the newest, so the public download is one read.
/// </summary>
public sealed class BlobListSnapshots(BlobServiceClient blobs, StorageNames names) : IListSnapshots
{
    private static readonly string[] Columns = ["uscc", "name", "county", "countyName", "entryId", "reason", "authority", "documentNo", "decidedOn", "expiresOn"];

    public async Task WriteAsync(DateOnly date, string listType, IReadOnlyList<PublicListItem> items, CancellationToken cancellationToken)
    {
        var container = Container();
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var json = BinaryData.FromObjectAsJson(new { list = listType, date = day, items }, WireJson.Options);
        var csv = BinaryData.FromString(Csv(items));
        await Upload(container.GetBlobClient($"lists/{day}/{listType}.json"), json, "application/json; charset=utf-8", cancellationToken);
        await Upload(container.GetBlobClient($"lists/{day}/{listType}.csv"), csv, "text/csv; charset=utf-8", cancellationToken);
        await Upload(container.GetBlobClient($"lists/latest/{listType}.csv"), csv, "text/csv; charset=utf-8", cancellationToken);
    }

    public async Task<Stream?> OpenLatestCsvAsync(string listType, CancellationToken cancellationToken)
    {
        try
        {
            return (await Container().GetBlobClient($"lists/latest/{listType}.csv").DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// RFC 4180 with a BOM, so spreadsheet programs read the Chinese text as UTF-8. Every cell goes
    /// through <see cref="CsvCells"/>, which neutralises formula-leading text; the snapshot has no
    /// numeric columns (codes and dates are text that starts with a digit or letter).
    /// </summary>
    public static string Csv(IEnumerable<PublicListItem> items)
    {
        var csv = new StringBuilder("\uFEFF").AppendJoin(',', Columns).Append("\r\n");
        foreach (var i in items)
        {
            csv.AppendJoin(',', new[]
            {
                CsvCells.Text(i.Uscc), CsvCells.Text(i.Name), CsvCells.Text(i.County), CsvCells.Text(i.CountyName), CsvCells.Text(i.EntryId),
                CsvCells.Text(i.Reason), CsvCells.Text(i.Authority), CsvCells.Text(i.DocumentNo), CsvCells.Date(i.DecidedOn), CsvCells.Date(i.ExpiresOn),
            }).Append("\r\n");
        }

        return csv.ToString();
    }

    private static Task Upload(BlobClient blob, BinaryData content, string contentType, CancellationToken cancellationToken)
        => blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);

    private BlobContainerClient Container() => blobs.GetBlobContainerClient(names.Container(ContainerNames.Published));
}
