using System.Security.Cryptography;
using Azure.Storage.Queues;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Storage.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CreditSharing.DevHost;

/// <summary>
/// The product on one machine: the function app's own classes behind Kestrel, its queue and timer
/// triggers run by pollers that honour host.json, storage from Azurite or a configured account.
/// </summary>
public sealed class DevHostApp : IAsyncDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:7071";
    public const string TokenRoute = "/dev/token";
    public const string ClockRoute = DevClockEndpoint.Route;

    /// <summary>00:30 in the city (UTC+8) every day.</summary>
    public const string DefaultPublishSchedule = "0 30 16 * * *";

    /// <summary>00:01 in the city (UTC+8) every day.</summary>
    public const string DefaultReviewSchedule = "0 1 16 * * *";

    /// <summary>Keys the ID-number hashes of a development store only; a deployment sets its own secret.</summary>
    private const string DevelopmentIdentityHashKey = "development-only-identity-hash-key-never-in-production";

    /// <summary>The key-encryption key of ID numbers in a development store only (32 bytes, base64); a deployment uses a Key Vault key.</summary>
    private const string DevelopmentProtectionKey = "ZGV2ZWxvcG1lbnQtb25seS1rZWstbmV2ZXItcHJvZCE=";

    private readonly EmbeddedAzurite? azurite;

    private DevHostApp(WebApplication app, EmbeddedAzurite? azurite, IReadOnlyList<string> routes, bool localAuth)
    {
        App = app;
        this.azurite = azurite;
        Routes = routes;
        LocalAuth = localAuth;
    }

    public WebApplication App { get; }

    public IReadOnlyList<string> Routes { get; }

    public bool LocalAuth { get; }

    public bool EmbeddedStorage => azurite is not null;

    public IServiceProvider Services => App.Services;

    public Uri BaseAddress => new(App.Urls.First());

    /// <param name="args">Command-line arguments: <c>--urls</c>, <c>--persist &lt;dir&gt;</c>, any <c>--Section:Key value</c>.</param>
    /// <param name="settings">Configuration that wins over every other source (tests).</param>
    /// <param name="logging">Extra log providers (tests capture every line to scan it).</param>
    /// <param name="services">Last changes to the services (tests: where the host fetches a stand-in tenant's metadata).</param>
    public static async Task<DevHostApp> StartAsync(string[] args, IDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        logging?.Invoke(builder.Logging);
        var configuration = builder.Configuration;
        if (settings is not null)
        {
            configuration.AddInMemoryCollection(settings);
        }

        HostJson.AddTo(configuration, Path.Combine(AppContext.BaseDirectory, "host.json"));

        EmbeddedAzurite? azurite = null;
        var connectionString = configuration["Storage:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            azurite = await EmbeddedAzurite.StartAsync(configuration["persist"], cancellationToken);
            connectionString = azurite.ConnectionString;
            configuration["Storage:ConnectionString"] = connectionString;
        }

        try
        {
            var localAuth = string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]);
            if (localAuth && string.IsNullOrWhiteSpace(configuration["Auth:Local:SigningKey"]))
            {
                // A key per run: tokens from /dev/token are good until the DevHost restarts.
                configuration["Auth:Local:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
            }

            // Development defaults for settings the deployed app must be given explicitly.
            if (string.IsNullOrWhiteSpace(configuration["Lists:IdentityHashKey"]))
            {
                configuration["Lists:IdentityHashKey"] = DevelopmentIdentityHashKey;
            }

            if (string.IsNullOrWhiteSpace(configuration["Protection:KeyVaultKeyId"]) && string.IsNullOrWhiteSpace(configuration["Protection:LocalKey"]))
            {
                configuration["Protection:LocalKey"] = DevelopmentProtectionKey;
            }

            if (string.IsNullOrWhiteSpace(configuration["Lists:PublishSchedule"]))
            {
                configuration["Lists:PublishSchedule"] = DefaultPublishSchedule;
            }

            if (string.IsNullOrWhiteSpace(configuration["Grading:ReviewSchedule"]))
            {
                configuration["Grading:ReviewSchedule"] = DefaultReviewSchedule;
            }

            if (string.IsNullOrWhiteSpace(configuration["urls"]))
            {
                builder.WebHost.UseUrls(DefaultUrl);
            }

            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxRequestBodyBytes);

            var names = StorageNames.WithPrefix(configuration["Storage:NamePrefix"]);
            builder.Services.AddCreditSharing(configuration, names);
            // Public URLs: Trace:PublicBaseUrl when given (a tunnel to a phone), else the address this
            // host listens on (known once Kestrel has bound it); never a request's Host header.
            builder.Services.AddSingleton(sp => string.IsNullOrWhiteSpace(configuration[TracePublicUrls.Setting])
                ? new TracePublicUrls(() => sp.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? DefaultUrl)
                : TracePublicUrls.Configured(configuration[TracePublicUrls.Setting]));
            // The product's clock is settable here (POST /dev/clock); token validation stays on the system clock.
            builder.Services.AddSingleton(new DevHostClock(TimeProvider.System));
            builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(sp => sp.GetRequiredService<DevHostClock>()));
            builder.Services.AddSingleton<DevClockEndpoint>();
            builder.Services.AddSingleton<FunctionInvoker>();
            var catalog = new FunctionCatalog();
            AddTriggerRunners(builder.Services, catalog, configuration, connectionString, names);
            services?.Invoke(builder.Services);

            var app = builder.Build();
            await app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(cancellationToken);
            var routes = app.MapFunctions(catalog, HostJson.RoutePrefix(configuration)).ToList();
            if (localAuth)
            {
                app.MapPost(TokenRoute, IssueTokenAsync);
                routes.Add($"POST    {TokenRoute}  (local tokens; DevHost only)");
                app.MapGet(ClockRoute, DevClockEndpoint.GetAsync);
                app.MapPost(ClockRoute, DevClockEndpoint.PostAsync);
                routes.Add($"GET     {ClockRoute}  (the product's clock; DevHost only)");
                routes.Add($"POST    {ClockRoute}  (moves the clock forward, runs the timers that fell due; DevHost only)");
            }

            await app.StartAsync(cancellationToken);
            return new DevHostApp(app, azurite, routes, localAuth);
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync(CancellationToken.None);
        }
        finally
        {
            await App.DisposeAsync();
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
        }
    }

    private static void AddTriggerRunners(IServiceCollection services, FunctionCatalog catalog, IConfiguration configuration, string connectionString, StorageNames names)
    {
        var queueOptions = HostJson.Queues(configuration);
        if (TimeSpan.TryParse(configuration["DevHost:ProcessingLease"], System.Globalization.CultureInfo.InvariantCulture, out var lease) && lease > TimeSpan.Zero)
        {
            queueOptions.ProcessingLease = lease;
        }
        var clientOptions = new QueueClientOptions
        {
            MessageEncoding = string.Equals(queueOptions.MessageEncoding, "none", StringComparison.OrdinalIgnoreCase)
                ? QueueMessageEncoding.None
                : QueueMessageEncoding.Base64,
        };
        foreach (var function in catalog.Functions)
        {
            switch (function.Kind)
            {
                case TriggerKind.Queue:
                    var queue = new QueueClient(connectionString, names.Queue(function.QueueName!), clientOptions);
                    var poison = new QueueClient(connectionString, names.Queue(QueueNames.Poison(function.QueueName!)), clientOptions);
                    services.AddSingleton<IHostedService>(sp => new QueuePoller(
                        function, queue, poison, queueOptions, sp.GetRequiredService<FunctionInvoker>(), sp.GetRequiredService<ILogger<QueuePoller>>()));
                    break;
                case TriggerKind.Timer:
                    TimerScheduler.Parse(function.Schedule!, configuration);
                    services.AddSingleton<IHostedService>(sp => new TimerScheduler(
                        function, configuration, sp.GetRequiredService<FunctionInvoker>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TimerScheduler>>()));
                    break;
            }
        }
    }

    private static async Task IssueTokenAsync(HttpContext context)
    {
        var body = await JsonBody.ReadAsync<LocalTokenRequest>(context.Request, 64 * 1024, context.RequestAborted);
        IActionResult result;
        if (body.Problem is not null)
        {
            result = body.Problem;
        }
        else
        {
            var unknown = (body.Value!.Roles ?? []).Where(r => !AppRoles.All.Contains(r, StringComparer.Ordinal)).ToList();
            result = unknown.Count > 0
                ? Problems.Validation(FieldErrors.Of("roles", $"Unknown role(s): {string.Join(", ", unknown)}. Roles are {string.Join(", ", AppRoles.All)}."))
                : new OkObjectResult(context.RequestServices.GetRequiredService<LocalTokenIssuer>().Issue(body.Value));
        }

        await HttpGate.WriteAsync(context, result);
    }
}
