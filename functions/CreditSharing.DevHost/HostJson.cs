using Microsoft.Extensions.Configuration;

namespace CreditSharing.DevHost;

/// <summary>
/// host.json, read the way the Functions host reads it: under <c>AzureFunctionsJobHost</c>, so an
/// app setting such as <c>AzureFunctionsJobHost__extensions__queues__batchSize</c> overrides it.
/// </summary>
public static class HostJson
{
    public const string Section = "AzureFunctionsJobHost";

    public static void AddTo(IConfigurationManager configuration, string path)
    {
        var file = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
        var values = file.AsEnumerable()
            .Where(kv => kv.Value is not null)
            .Select(kv => new KeyValuePair<string, string?>($"{Section}:{kv.Key}", kv.Value));

        // host.json is the base; every other source (environment, command line, test settings) wins.
        var sources = configuration.Sources;
        var memory = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values };
        sources.Insert(0, memory);
    }

    public static QueueHostOptions Queues(IConfiguration configuration)
        => configuration.GetSection($"{Section}:extensions:queues").Get<QueueHostOptions>() ?? new QueueHostOptions();

    /// <summary>The Functions default is <c>api</c>; this app's host.json sets "".</summary>
    public static string RoutePrefix(IConfiguration configuration)
        => configuration[$"{Section}:extensions:http:routePrefix"] ?? "api";
}

/// <summary>The <c>extensions.queues</c> settings of host.json, with the Functions host's defaults.</summary>
public sealed class QueueHostOptions
{
    public int BatchSize { get; set; } = 16;

    public int NewBatchThreshold { get; set; } = 8;

    public int MaxDequeueCount { get; set; } = 5;

    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>base64</c> (default) or <c>none</c>.</summary>
    public string MessageEncoding { get; set; } = "base64";

    /// <summary>
    /// Not a host.json setting: how long a message stays hidden while a function works on it, renewed
    /// at half-time as the Functions host does. After a crash the message reappears when it runs out
    /// (setting <c>DevHost:ProcessingLease</c>; the crash tests shorten it).
    /// </summary>
    public TimeSpan ProcessingLease { get; set; } = TimeSpan.FromMinutes(5);
}
