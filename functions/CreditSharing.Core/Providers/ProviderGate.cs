using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Providers;

/// <summary>
/// Checks a write against the provider registry: one point read of the caller's entry per request,
/// no cache, so a Regulator's change holds from the next request. A caller acting as a Regulator is the
/// authority that keeps the registry and is not checked against it.
/// </summary>
public sealed class ProviderGate(IProviderStore store)
{
    public async Task<ProviderAccess> CheckAsync(string providerId, bool asRegulator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(providerId);
        if (asRegulator)
        {
            return ProviderAccess.Regulator;
        }

        var stored = ProviderValidator.IdError(providerId) is null ? await store.GetAsync(providerId, cancellationToken) : null;
        return stored is null
            ? new ProviderAccess(providerId, null, $"Provider {providerId} is not in the provider registry: a Regulator registers it with PUT /api/providers/{providerId}.")
            : new ProviderAccess(providerId, stored.Rights, null);
    }
}

/// <summary>What the registry lets one caller do: everything (a Regulator), what its entry names, or nothing (<see cref="Refused"/>).</summary>
/// <param name="Rights">The entry's rights; null for a Regulator (unrestricted) or a refused caller.</param>
/// <param name="Refused">Why the caller may write nothing (not registered): a 403 problem's detail.</param>
public sealed record ProviderAccess(string ProviderId, ProviderRights? Rights, string? Refused)
{
    public static ProviderAccess Regulator { get; } = new(string.Empty, null, null);

    private bool Unrestricted => Refused is null && Rights is null;

    /// <summary>The error on <c>category</c> when the provider may not send records of <paramref name="category"/>; null when it may.</summary>
    public string? CategoryError(string category)
        => Unrestricted || (Rights?.Categories.Contains(category, StringComparer.Ordinal) ?? false)
            ? null
            : $"Provider {ProviderId} may not send category {FieldErrors.Echo(category)}: its registry entry allows {Named(Rights?.Categories)}.";

    /// <summary>The 403 detail when the provider may not decide entries of <paramref name="listType"/>; null when it may.</summary>
    public string? ListTypeRefusal(string listType)
        => Unrestricted || (Rights?.ListTypes.Contains(listType, StringComparer.Ordinal) ?? false)
            ? null
            : $"Provider {ProviderId} may not decide {listType} list entries: its registry entry allows {Named(Rights?.ListTypes)}.";

    /// <summary>The 403 detail when the provider may not create or change enterprise profiles; null when it may.</summary>
    public string? ProfilesRefusal()
        => Unrestricted || Rights?.Profiles == true
            ? null
            : $"Provider {ProviderId} may not create or change enterprise profiles: its registry entry has profiles: false (only the registration authority has profiles: true).";

    private static string Named(IReadOnlyList<string>? values) => values is { Count: > 0 } ? string.Join(", ", values) : "none";
}
