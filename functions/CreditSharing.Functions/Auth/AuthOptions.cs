namespace CreditSharing.Functions.Auth;

/// <summary>
/// Configuration section <c>Auth</c>. In Azure the <c>AzureAd</c> section (Microsoft.Identity.Web)
/// is used instead; local mode exists for the DevHost and tests, where no Entra tenant is reachable.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public LocalIssuerOptions Local { get; set; } = new();
}

public sealed class LocalIssuerOptions
{
    /// <summary>HMAC-SHA256 key, at least 32 characters. Setting it turns local mode on.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "https://creditsharing.local/dev";

    public string Audience { get; set; } = "api://creditsharing";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public const int MinimumKeyLength = 32;
}
