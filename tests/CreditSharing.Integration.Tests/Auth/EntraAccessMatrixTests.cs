using CreditSharing.DevHost;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreditSharing.Integration.Tests.Auth;

/// <summary>
/// The access matrix's fixture on a DevHost configured as in Azure (<see cref="EntraMode"/>): the same seeded
/// data, but every caller carries an Entra v2.0 token of a <see cref="FakeEntra"/> tenant and is who the
/// registries say. The DataProvider is an application (app-only token, resolved by its client app id in the
/// provider's <c>clientAppIds</c>); the enterprise users are resolved by the <c>oid</c> bound to the subject
/// (or to the other enterprise); the bank officers by the <c>oid</c> in their bank's <c>userObjectIds</c>;
/// Regulator and Auditor are users with the role.
/// </summary>
public sealed class EntraAccessMatrixFixture : AccessMatrixFixture
{
    private EntraMode? mode;

    public EntraMode Mode => mode ?? throw new InvalidOperationException("The Entra stand-in has not started.");

    public override async ValueTask InitializeAsync()
    {
        mode = await EntraMode.StartAsync(() => BaseAddress);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (mode is not null)
        {
            await mode.DisposeAsync();
        }
    }

    protected override Dictionary<string, string?> Settings() => Mode.Apply(base.Settings());

    public override Task<HttpClient> ClientAsync(LocalTokenRequest request) => Mode.ClientAsync(request);
}

/// <summary>
/// <see cref="AccessMatrix"/> in Entra mode: every row of the one table, for every kind of caller, through a
/// DevHost that validates Entra tokens with Microsoft.Identity.Web and resolves callers from the registries.
/// The cells are the same as in local mode; only how a caller gets its identity differs.
/// </summary>
public sealed class EntraAccessMatrixTests(EntraAccessMatrixFixture host) : IClassFixture<EntraAccessMatrixFixture>
{
    public static TheoryData<string, CallerKind> Cells()
    {
        var cells = new TheoryData<string, CallerKind>();
        foreach (var function in new FunctionCatalog().Http)
        {
            foreach (var caller in Enum.GetValues<CallerKind>())
            {
                cells.Add(function.Name, caller);
            }
        }

        return cells;
    }

    [Fact]
    public void RunsWithoutTheLocalIssuer()
    {
        Assert.False(host.Host.LocalAuth);
        Assert.Equal(host.Mode.Entra.ClientId, host.Host.Services.GetRequiredService<IConfiguration>()["AzureAd:ClientId"]);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public Task AnswersEachCallerAsTheTableDeclares(string functionName, CallerKind caller)
        => AccessMatrixTests.AssertCellAsync(host, functionName, caller);
}
