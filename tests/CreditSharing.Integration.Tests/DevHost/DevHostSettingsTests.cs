using CreditSharing.DevHost;
using Microsoft.Extensions.Configuration;

namespace CreditSharing.Integration.Tests.DevHost;

public sealed class DevHostSettingsTests
{
    [Fact]
    public void ReadsQueueSettingsAndRoutePrefixFromHostJson()
    {
        var configuration = new ConfigurationManager();
        HostJson.AddTo(configuration, Path.Combine(AppContext.BaseDirectory, "host.json"));

        var queues = HostJson.Queues(configuration);

        Assert.Equal(5, queues.MaxDequeueCount);
        Assert.Equal(16, queues.BatchSize);
        Assert.Equal("base64", queues.MessageEncoding);
        Assert.Equal(string.Empty, HostJson.RoutePrefix(configuration));
    }

    [Fact]
    public void LetsAnAppSettingOverrideHostJsonAsTheFunctionsHostDoes()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2" });
        HostJson.AddTo(configuration, Path.Combine(AppContext.BaseDirectory, "host.json"));

        Assert.Equal(2, HostJson.Queues(configuration).MaxDequeueCount);
    }

    [Fact]
    public void ParsesSixFieldSchedulesAndAppSettingReferences()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["PublishSchedule"] = "0 30 1 * * *" });

        var daily = TimerScheduler.Parse("%PublishSchedule%", configuration);

        Assert.Equal(new DateTime(2026, 11, 27, 1, 30, 0, DateTimeKind.Utc), daily.GetNextOccurrence(new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc)));
    }
}
