using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using CreditSharing.Core.Protection;

namespace CreditSharing.Storage.Protection;

/// <summary>
/// Wraps data keys with a Key Vault key (RSA, <c>RSA-OAEP-256</c>) through the vault's
/// <c>wrapkey</c>/<c>unwrapkey</c> operations, over the app's managed identity (role Key Vault Crypto
/// Service Encryption User). The answer of a wrap names the key version, so after a rotation older
/// versions still unwrap what they wrapped. Called through an Azure.Core pipeline (retries, the
/// bearer token, the Azure SDK activity source) because the feed this repository builds from does
/// not serve Azure.Security.KeyVault.Keys; these are the same two REST operations its
/// CryptographyClient calls.
/// </summary>
public sealed class KeyVaultKeyWrapper : IKeyWrapper
{
    public const string Algorithm = "RSA-OAEP-256";
    private const string ApiVersion = "7.4";

    private readonly Uri keyId;
    private readonly HttpPipeline pipeline;

    /// <param name="keyId">The key's id, <c>https://{vault}.vault.azure.net/keys/{name}</c>, with or without a version (without: the latest version wraps).</param>
    public KeyVaultKeyWrapper(Uri keyId, TokenCredential credential, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        this.keyId = keyId;
        var options = new VaultClientOptions();
        if (transport is not null)
        {
            options.Transport = transport;
        }

        pipeline = HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(credential, ScopeOf(keyId)));
    }

    /// <summary>The token scope of the vault's cloud: <c>https://vault.azure.net/.default</c>, <c>https://vault.azure.cn/.default</c>, …</summary>
    public static string ScopeOf(Uri keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var dot = keyId.Host.IndexOf('.', StringComparison.Ordinal);
        return $"https://{keyId.Host[(dot + 1)..]}/.default";
    }

    public async Task<WrappedKey> WrapAsync(ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(keyId.AbsoluteUri.TrimEnd('/') + "/wrapkey", dataKey, cancellationToken);
        return new WrappedKey(answer.Kid, answer.Value);
    }

    public async Task<byte[]> UnwrapAsync(string keyId, ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var uri = new Uri(keyId);
        if (!string.Equals(uri.Host, this.keyId.Host, StringComparison.OrdinalIgnoreCase))
        {
            // A stored value names its key; only the configured vault is asked (never a host from data).
            throw new System.Security.Cryptography.CryptographicException($"The key {keyId} is not in the configured vault {this.keyId.Host}.");
        }

        return (await SendAsync(uri.AbsoluteUri.TrimEnd('/') + "/unwrapkey", wrappedKey, cancellationToken)).Value;
    }

    private async Task<(string Kid, byte[] Value)> SendAsync(string operationUri, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        using var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(new Uri($"{operationUri}?api-version={ApiVersion}"));
        request.Headers.Add("Content-Type", "application/json");
        var body = new JsonObject { ["alg"] = Algorithm, ["value"] = Base64Url(value.Span) };
        request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
        await pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        if (response.IsError)
        {
            throw new RequestFailedException(response);
        }

        using var answer = JsonDocument.Parse(response.Content.ToMemory());
        var kid = answer.RootElement.GetProperty("kid").GetString() ?? throw new RequestFailedException("Key Vault answered without a key id.");
        var result = answer.RootElement.GetProperty("value").GetString() ?? throw new RequestFailedException("Key Vault answered without a value.");
        return (kid, FromBase64Url(result));
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    private sealed class VaultClientOptions : ClientOptions
    {
    }
}
