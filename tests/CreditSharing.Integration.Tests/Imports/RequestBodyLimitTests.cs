using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CreditSharing.DevHost;
using CreditSharing.Functions.Hosting;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Imports;

/// <summary>
/// One request-body ceiling (RequestLimits) in every layer: a body over Kestrel's old 30,000,000-byte
/// default is taken, one over the ceiling is a 413 problem, and the host's setting in Bicep is the same number.
/// </summary>
public sealed partial class RequestBodyLimitTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Since issue 25 a direct body holds at most 25 MiB: the function itself reads the body and answers (its problem names the SAS upload route), no server layer refuses it first.</summary>
    [Fact]
    public async Task AnImportJustOverTheOldThirtyMegabyteDefaultIsAnsweredByTheFunction()
    {
        using var provider = await host.ClientAsync("sw-bodylimit", "DataProvider");
        var header = Encoding.UTF8.GetBytes("sourceId,uscc,category,title,decisionDate,authority,disclosure\n");
        using var content = new StreamContent(new FillerStream(header, 30_000_001 + 1_000_000));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        using var answer = await provider.PostAsync("/api/imports", content, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Contains("/api/imports/uploads", (await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesABodyOverTheCeilingWithA413Problem()
    {
        using var provider = await host.ClientAsync("sw-bodylimit", "DataProvider");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports")
        {
            Content = new StreamContent(new FillerStream([], RequestLimits.MaxRequestBodyBytes + 1)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Content.Headers.ContentLength = RequestLimits.MaxRequestBodyBytes + 1;
        // The server answers before reading; with 100-continue the client does not send 105 MiB for nothing.
        request.Headers.ExpectContinue = true;

        using var answer = await provider.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, (await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
    }

    [Fact]
    public void TheHostSettingInBicepIsTheSharedCeiling()
    {
        var bicep = File.ReadAllText(Path.Combine(EmbeddedAzurite.FindRepositoryRoot(), "infra", "modules", "functionapp.bicep"));

        var setting = HostLimit().Match(bicep);

        Assert.True(setting.Success, "functionapp.bicep sets FUNCTIONS_REQUEST_BODY_SIZE_LIMIT");
        Assert.Equal(RequestLimits.MaxRequestBodyBytes, long.Parse(setting.Groups["bytes"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"name: 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT', value: '(?<bytes>\d+)'")]
    private static partial Regex HostLimit();

    /// <summary>A body of <paramref name="length"/> bytes: the prefix, then lines of filler, made as read (no 100 MiB array).</summary>
    private sealed class FillerStream(byte[] prefix, long length) : Stream
    {
        private static readonly byte[] Line = Encoding.UTF8.GetBytes(new string('x', 63) + "\n");
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            for (var i = 0; i < n; i++)
            {
                var at = position + i;
                buffer[offset + i] = at < prefix.Length ? prefix[at] : Line[(at - prefix.Length) % Line.Length];
            }

            position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
