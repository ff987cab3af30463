using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CreditSharing.Core.Imports;
using CreditSharing.Core.Shared;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Lists;

/// <summary>The published CSV snapshot (<c>latest.csv</c>) opened in a spreadsheet: text stays text (OWASP CSV injection).</summary>
public sealed class PublicListCsvTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishesFormulaLeadingCellsNeutralisedAndEveryOtherCellAsGiven()
    {
        var uscc = TestData.NewUscc("411721");
        var today = CityClock.Today(TimeProvider.System);
        using var provider = await host.ClientAsync("provider-dev", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "=HYPERLINK(\"http://evil.example\",\"点击\")" }, Ct)).EnsureSuccessStatusCode();
        using var entry = await provider.PostAsJsonAsync("/api/lists/entries", new
        {
            listType = "red",
            uscc,
            reason = "-2+3+cmd|' /C calc'!A0",
            authority = "+驻马店市发展和改革委员会",
            documentNo = "@SUM(A1:A9)",
            decidedOn = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            expiresOn = today.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            sourceId = "CSV-INJ-1",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, entry.StatusCode);

        (await regulator.PostAsync("/api/lists/publish", null, Ct)).EnsureSuccessStatusCode();
        using var anonymous = host.Anonymous();
        var csv = await anonymous.GetStringAsync("/api/public/lists/red/latest.csv", Ct);

        var rows = new List<IReadOnlyList<string>>();
        await foreach (var row in new CsvReader(new StringReader(csv.TrimStart('\uFEFF'))).ReadAsync(Ct))
        {
            Assert.Null(row.Error);
            rows.Add(row.Fields!);
        }

        var header = rows[0];
        var ours = Assert.Single(rows, r => r[0] == uscc);
        string Cell(string column) => ours[header.ToList().IndexOf(column)];
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"点击\")", Cell("name"));
        Assert.Equal("'-2+3+cmd|' /C calc'!A0", Cell("reason"));
        Assert.Equal("'+驻马店市发展和改革委员会", Cell("authority"));
        Assert.Equal("'@SUM(A1:A9)", Cell("documentNo"));
        Assert.Equal("411721", Cell("county"));
        Assert.Equal(today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Cell("decidedOn"));
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal), cell));
    }
}
