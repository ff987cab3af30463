using System.Reflection;
using CreditSharing.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CreditSharing.DevHost;

/// <summary>Maps every HTTP-triggered function to its route and methods; runs the shared gate around it.</summary>
public static class HttpDispatch
{
    public static IReadOnlyList<string> MapFunctions(this WebApplication app, FunctionCatalog catalog, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(catalog);
        var mapped = new List<string>();
        foreach (var function in catalog.Http)
        {
            if (!FunctionInvoker.ReturnsActionResult(function.Method))
            {
                throw new InvalidOperationException($"Function {function.Name} must return IActionResult to run under the DevHost.");
            }

            var pattern = string.IsNullOrEmpty(routePrefix) ? function.Route! : $"{routePrefix.Trim('/')}/{function.Route}";
            app.MapMethods("/" + pattern, function.HttpMethods, context => DispatchAsync(context, function))
                .WithDisplayName(function.Name);
            mapped.Add($"{string.Join(",", function.HttpMethods),-7} /{pattern}  ({function.Name})");
        }

        return mapped;
    }

    private static async Task DispatchAsync(HttpContext context, FunctionDescriptor function)
    {
        var services = context.RequestServices;
        var gate = services.GetRequiredService<HttpGate>();
        var refusal = await gate.AuthorizeAsync(context, function.Method);
        if (refusal is not null)
        {
            await HttpGate.WriteAsync(context, refusal);
            return;
        }

        IActionResult result;
        try
        {
            var invoker = services.GetRequiredService<FunctionInvoker>();
            result = (IActionResult)(await invoker.InvokeAsync(function, p => Bind(p, context))
                                     ?? throw new InvalidOperationException($"Function {function.Name} returned null."));
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            result = gate.Failed(context, function.Name, ex);
        }

        await HttpGate.WriteAsync(context, result);
    }

    /// <summary>The worker's HTTP bindings: the request, route values by parameter name, the cancellation token.</summary>
    private static object? Bind(ParameterInfo parameter, HttpContext context)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context.Request;
        }

        if (parameter.ParameterType == typeof(HttpContext))
        {
            return context;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context.RequestAborted;
        }

        if (parameter.ParameterType == typeof(string) && context.GetRouteValue(parameter.Name!) is { } value)
        {
            return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        throw new InvalidOperationException($"The DevHost cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name}.");
    }
}
