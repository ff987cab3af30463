using Spectre.Console;
using Spectre.Console.Cli;

namespace CreditSharing.Cli.Infrastructure;

/// <summary>A small type registrar: the environment and the console are instances; commands are built by constructor.</summary>
internal sealed class Registrar(CliEnvironment environment, IAnsiConsole console) : ITypeRegistrar
{
    private readonly Dictionary<Type, Func<object>> factories = new()
    {
        [typeof(CliEnvironment)] = () => environment,
        [typeof(IAnsiConsole)] = () => console,
    };

    public void Register(Type service, Type implementation) => factories[service] = () => Create(implementation);

    public void RegisterInstance(Type service, object implementation) => factories[service] = () => implementation;

    public void RegisterLazy(Type service, Func<object> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var lazy = new Lazy<object>(factory);
        factories[service] = () => lazy.Value;
    }

    public ITypeResolver Build() => new Resolver(this);

    private object? Resolve(Type? type)
    {
        if (type is null)
        {
            return null;
        }

        if (factories.TryGetValue(type, out var factory))
        {
            return factory();
        }

        return type.IsAbstract || type.IsInterface ? null : Create(type);
    }

    private object Create(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => Resolve(p.ParameterType)).ToArray();
        return constructor.Invoke(arguments);
    }

    private sealed class Resolver(Registrar registrar) : ITypeResolver
    {
        public object? Resolve(Type? type) => registrar.Resolve(type);
    }
}
