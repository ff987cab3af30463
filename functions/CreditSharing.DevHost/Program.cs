using CreditSharing.DevHost;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.OpenApi;
using Microsoft.Extensions.Hosting;

// `--write-openapi FILE`: write the OpenAPI document (the same one /api/openapi.json serves) and exit,
// without storage or a listening host; CI validates it and generates the Kiota client from it (docs/api.md).
if (args is ["--write-openapi", var openApiFile])
{
    await File.WriteAllTextAsync(openApiFile, new OpenApiDocumentBuilder(new FunctionCatalog()).Json);
    Console.WriteLine($"OpenAPI document written to {openApiFile}");
    return;
}

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
