using Spectre.Console;
using Spectre.Console.Cli;

namespace CreditSharing.Cli.Infrastructure;

/// <summary>A small type registrar: the environment and the console are instances; commands are built by constructor.</summary>
internal sealed class Registrar(CliEnvironment environment, IAnsiConsole console) : ITypeRegistrar
{
    private readonly Dictionary<Type, List<Func<object>>> factories = new()
    {
        [typeof(CliEnvironment)] = [() => environment],
        [typeof(IAnsiConsole)] = [() => console],
    };

    public void Register(Type service, Type implementation) => Add(service, () => Create(implementation));

    public void RegisterInstance(Type service, object implementation) => Add(service, () => implementation);

    public void RegisterLazy(Type service, Func<object> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var lazy = new Lazy<object>(factory);
        Add(service, () => lazy.Value);
    }

    private void Add(Type service, Func<object> factory)
    {
        if (!factories.TryGetValue(service, out var list))
        {
            factories[service] = list = [];
        }

        list.Add(factory);
    }

    public ITypeResolver Build() => new Resolver(this);

    private object? Resolve(Type? type)
    {
        if (type is null)
        {
            return null;
        }

        if (factories.TryGetValue(type, out var registered))
        {
            return registered[^1]();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            var element = type.GetGenericArguments()[0];
            var all = factories.TryGetValue(element, out var list) ? list.Select(f => f()).ToArray() : [];
            var array = Array.CreateInstance(element, all.Length);
            Array.Copy(all, array, all.Length);
            return array;
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
