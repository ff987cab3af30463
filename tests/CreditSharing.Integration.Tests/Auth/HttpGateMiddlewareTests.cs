using System.Collections.Immutable;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Health;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Lists;
using CreditSharing.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreditSharing.Integration.Tests.Auth;

/// <summary>
/// The gate as the deployed worker runs it. The DevHost calls <see cref="HttpGate"/> itself, so
/// the matrix never passes through this middleware; these tests feed it invocations directly.
/// </summary>
public sealed class HttpGateMiddlewareTests : IDisposable
{
    private readonly ServiceProvider services = Services();

    [Fact]
    public async Task RefusesAnHttpInvocationOfAFunctionTheCatalogueDoesNotKnow()
    {
        var http = HttpContextWith(services);
        var context = new InvocationContext(http, "CreditSharing.Functions.Added.ByHand.WithoutAttributes", services);
        var ran = false;

        await Middleware().Invoke(context, _ => { ran = true; return Task.CompletedTask; });

        Assert.False(ran);
        Assert.Equal(StatusCodes.Status403Forbidden, http.Response.StatusCode);
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesAnAnonymousCallerOfAProtectedFunctionWithAChallenge()
    {
        var http = HttpContextWith(services);
        var context = new InvocationContext(http, EntryPointOf(nameof(ListFunctions.PublishLists)), services);
        var ran = false;

        await Middleware().Invoke(context, _ => { ran = true; return Task.CompletedTask; });

        Assert.False(ran);
        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
        Assert.Equal("Bearer", http.Response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task RunsAnAnonymousFunctionAndAQueueInvocation()
    {
        var http = HttpContextWith(services);
        var ranHttp = false;
        var ranQueue = false;

        await Middleware().Invoke(new InvocationContext(http, EntryPointOf(nameof(HealthFunctions.GetHealth)), services), _ => { ranHttp = true; return Task.CompletedTask; });
        await Middleware().Invoke(new InvocationContext(null, EntryPointOf(nameof(ListFunctions.PublishListsDaily)), services), _ => { ranQueue = true; return Task.CompletedTask; });

        Assert.True(ranHttp);
        Assert.True(ranQueue);
        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
    }

    public void Dispose() => services.Dispose();

    private HttpGateMiddleware Middleware() => new(services.GetRequiredService<HttpGate>(), services.GetRequiredService<FunctionCatalog>());

    private static string EntryPointOf(string functionName) => new FunctionCatalog().Functions.Single(f => f.Name == functionName).EntryPoint;

    private static DefaultHttpContext HttpContextWith(IServiceProvider services)
        => new() { RequestServices = services, Response = { Body = new MemoryStream() } };

    /// <summary>The gate's own dependencies only: authentication with the local issuer, MVC result executors, the catalogue.</summary>
    private static ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:Local:SigningKey"] = DevHostFixture.SigningKey })
            .Build();
        var collection = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        collection.AddCreditSharingAuthentication(configuration);
        collection.AddMvcCore();
        collection.AddSingleton<FunctionCatalog>().AddSingleton<FunctionAuthorizer>().AddSingleton(new RateLimitSettings(RateLimitSettings.DefaultPermitsPerMinute, TrustForwardedFor: false)).AddSingleton<AnonymousRateLimiter>().AddSingleton<HttpGate>();
        collection.AddSingleton<Core.Identity.IIdentityResolver, NoRegistries>().AddSingleton<CallerResolver>();
        return collection.BuildServiceProvider();
    }

    /// <summary>These invocations are anonymous or refused before resolution: no registry is ever asked.</summary>
    private sealed class NoRegistries : Core.Identity.IIdentityResolver
    {
        public Task<Core.Identity.ResolvedIdentity> ResolveAsync(Core.Identity.TokenIdentity token, CancellationToken cancellationToken)
            => throw new InvalidOperationException("The gate resolved a caller these tests never send.");
    }

    /// <summary>
    /// An invocation as the worker hands it to middleware; the ASP.NET Core integration puts the
    /// request's HttpContext in <see cref="FunctionContext.Items"/> under "HttpRequestContext".
    /// </summary>
    private sealed class InvocationContext(HttpContext? http, string entryPoint, IServiceProvider services) : FunctionContext
    {
        public override string InvocationId { get; } = Guid.NewGuid().ToString();

        public override string FunctionId => entryPoint;

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; } = services;

        public override FunctionDefinition FunctionDefinition { get; } = new Definition(entryPoint);

        public override IDictionary<object, object> Items { get; set; } = http is null ? new Dictionary<object, object>() : new Dictionary<object, object> { ["HttpRequestContext"] = http };

        public override IInvocationFeatures Features => throw new NotSupportedException();
    }

    private sealed class Definition(string entryPoint) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => typeof(FunctionCatalog).Assembly.Location;

        public override string EntryPoint => entryPoint;

        public override string Id => entryPoint;

        public override string Name => entryPoint[(entryPoint.LastIndexOf('.') + 1)..];

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
