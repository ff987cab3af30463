using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Grading;

/// <summary>Grading behind a bulk load of records, through the real queues: its own DevHost, so the backlog it builds is its own.</summary>
public sealed class GradeDeferralTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutsOffGradingWhileRecordsAreQueuedInBulkThenGradesOnceTheyAreStored()
    {
        // Arrange: a backlog of record messages that stay invisible for a minute, as a bulk load
        // waiting behind the messages being stored looks to the queue count.
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("sw-deferral", "DataProvider");
        using var regulator = await host.ClientAsync("reg-deferral", "Regulator");
        var records = host.Queue(QueueNames.CreditRecords);
        var waiting = JsonSerializer.Serialize(new RecordBatchMessage("backlog", "sw-deferral", DateTimeOffset.UtcNow, []), WireJson.Options);
        for (var i = 0; i < GradeDeferral.Backlog + 6; i++)
        {
            await records.SendMessageAsync(waiting, visibilityTimeout: TimeSpan.FromMinutes(1), cancellationToken: Ct);
        }

        // Act: a record arrives and is stored while the backlog stands.
        using var posted = await provider.PostAsJsonAsync("/api/records", new[] { Infrastructure.Records.Penalty(uscc, "DEFER-1") }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 1);

        // Nothing to poll for: the grade must not appear. Its request becomes due after the
        // debounce and is put off at least once in this time.
        await Task.Delay(RecordWriter.GradeDebounce + GradeDeferral.Delay + TimeSpan.FromSeconds(1), Ct);
        using var meanwhile = await regulator.GetAsync($"/api/enterprises/{uscc}/grade", Ct);
        var backlogGone = Stopwatch.StartNew();
        await records.ClearMessagesAsync(Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, meanwhile.StatusCode);
        var grade = await Eventually.GetAsync(() => Grades.TryGetAsync(regulator, uscc), TimeSpan.FromSeconds(30), "the grade once the backlog is gone");
        var factor = Assert.Single(grade!.Value.GetProperty("factors").EnumerateArray());
        Assert.Equal("sw-deferral~DEFER-1", Assert.Single(factor.GetProperty("recordIds").EnumerateArray()).GetString());
        Assert.True(backlogGone.Elapsed < GradeDeferral.Delay + TimeSpan.FromSeconds(10), $"graded {backlogGone.Elapsed} after the backlog was gone");
    }
}
