using CreditSharing.DevHost;
using Microsoft.Extensions.Hosting;

await using var host = await DevHostApp.StartAsync(args);
var url = host.BaseAddress.ToString().TrimEnd('/');
Console.WriteLine($"""

    CreditSharing DevHost
      serving     {url}
      storage     {(host.EmbeddedStorage ? "embedded Azurite (" + (args.Contains("--persist") ? "persisted" : "in memory") + ")" : "configured Storage:ConnectionString")}
      health      curl {url}/api/health
      openapi     {url}/api/openapi.json
    """);
if (host.LocalAuth)
{
    Console.WriteLine($"""
          get a token curl -s -X POST {url}{DevHostApp.TokenRoute} -H 'content-type: application/json' -d '{"{"}"roles":["Regulator"],"sub":"alice"{"}"}'
        """);
}

Console.WriteLine("  functions");
foreach (var route in host.Routes)
{
    Console.WriteLine($"    {route}");
}

Console.WriteLine();
await host.App.WaitForShutdownAsync();
