using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace CreditSharing.Functions.Hosting;

public enum TriggerKind
{
    Http,
    Queue,
    Timer,
}

/// <summary>One <c>[Function]</c> method and its trigger, as both hosts and the OpenAPI document see it.</summary>
public sealed record FunctionDescriptor(
    string Name,
    MethodInfo Method,
    TriggerKind Kind,
    IReadOnlyList<string> HttpMethods,
    string? Route,
    string? QueueName,
    string? Schedule)
{
    /// <summary>The worker's entry point name (<c>Namespace.Class.Method</c>).</summary>
    public string EntryPoint => $"{Method.DeclaringType!.FullName}.{Method.Name}";
}

/// <summary>Every function of the app, found by reflection once.</summary>
public sealed class FunctionCatalog
{
    private readonly Dictionary<string, FunctionDescriptor> byEntryPoint;

    public FunctionCatalog()
        : this(typeof(FunctionCatalog).Assembly)
    {
    }

    public FunctionCatalog(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Functions = assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(Describe)
            .OfType<FunctionDescriptor>()
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        byEntryPoint = Functions.ToDictionary(f => f.EntryPoint, StringComparer.Ordinal);
    }

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    public IEnumerable<FunctionDescriptor> Http => Functions.Where(f => f.Kind == TriggerKind.Http);

    public FunctionDescriptor? FindByEntryPoint(string entryPoint) => byEntryPoint.GetValueOrDefault(entryPoint);

    private static FunctionDescriptor? Describe(MethodInfo method)
    {
        var function = method.GetCustomAttribute<FunctionAttribute>();
        if (function is null)
        {
            return null;
        }

        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
            {
                var methods = (http.Methods ?? ["get", "post", "put", "delete", "patch"]).Select(m => m.ToUpperInvariant()).ToList();
                return new FunctionDescriptor(function.Name, method, TriggerKind.Http, methods, http.Route ?? function.Name, null, null);
            }

            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
            {
                return new FunctionDescriptor(function.Name, method, TriggerKind.Queue, [], null, queue.QueueName, null);
            }

            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
            {
                return new FunctionDescriptor(function.Name, method, TriggerKind.Timer, [], null, null, timer.Schedule);
            }
        }

        throw new InvalidOperationException($"Function {function.Name} has no trigger this app knows (HTTP, queue, timer).");
    }
}
