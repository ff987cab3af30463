using Azure.Core;
using Azure.Identity;
using CreditSharing.Core.Protection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreditSharing.Storage.Protection;

public static class ProtectionServiceCollectionExtensions
{
    /// <summary>
    /// The key-encryption key of ID numbers: a Key Vault key (<c>Protection:KeyVaultKeyId</c>, over
    /// managed identity) when set, else a local key (<c>Protection:LocalKey</c>, 32 bytes base64;
    /// the DevHost sets a development key). Neither: the app refuses to start.
    /// </summary>
    public static IServiceCollection AddCreditSharingProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var vaultKey = configuration["Protection:KeyVaultKeyId"];
        IKeyWrapper wrapper;
        if (!string.IsNullOrWhiteSpace(vaultKey))
        {
            if (!Uri.TryCreate(vaultKey, UriKind.Absolute, out var keyId) || keyId.Scheme != Uri.UriSchemeHttps || !keyId.AbsolutePath.StartsWith("/keys/", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Protection:KeyVaultKeyId is a Key Vault key id: https://{vault}.vault.azure.net/keys/{name}[/{version}].");
            }

            var clientId = configuration["Protection:ClientId"] ?? configuration["Storage:ClientId"] ?? configuration["AzureWebJobsStorage:clientId"];
            TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            wrapper = new KeyVaultKeyWrapper(keyId, credential);
        }
        else
        {
            var local = LocalKey(configuration, "Protection:LocalKey")
                ?? throw new InvalidOperationException("ID numbers are encrypted: set Protection:KeyVaultKeyId (a Key Vault key) or Protection:LocalKey (32 bytes, base64) for a local key-encryption key.");
            wrapper = new LocalKeyWrapper(local, LocalKey(configuration, "Protection:PreviousLocalKey"));
        }

        services.AddSingleton(wrapper);
        services.AddSingleton<EnvelopeProtector>();
        return services;
    }

    private static byte[]? LocalKey(IConfiguration configuration, string setting)
    {
        var text = configuration[setting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var key = Convert.FromBase64String(text);
            return key.Length == 32 ? key : throw new InvalidOperationException($"{setting} is 32 bytes (AES-256), base64; it has {key.Length}.");
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"{setting} is base64.", ex);
        }
    }
}
