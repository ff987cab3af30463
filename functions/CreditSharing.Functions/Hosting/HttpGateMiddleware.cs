using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace CreditSharing.Functions.Hosting;

/// <summary>Runs <see cref="HttpGate"/> inside the isolated worker (ASP.NET Core integration).</summary>
public sealed class HttpGateMiddleware(HttpGate gate, FunctionCatalog catalog) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.GetHttpContext();
        if (http is null)
        {
            // Queue and timer invocations have no caller to authorise.
            await next(context);
            return;
        }

        var function = catalog.FindByEntryPoint(context.FunctionDefinition.EntryPoint);
        if (function is null)
        {
            await HttpGate.WriteAsync(http, gate.Unknown(context.FunctionDefinition.Name, context.FunctionDefinition.EntryPoint));
            return;
        }

        var refusal = await gate.AuthorizeAsync(http, function.Method);
        if (refusal is not null)
        {
            await HttpGate.WriteAsync(http, refusal);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            await HttpGate.WriteAsync(http, gate.Failed(http, function.Name, ex));
        }
    }
}
