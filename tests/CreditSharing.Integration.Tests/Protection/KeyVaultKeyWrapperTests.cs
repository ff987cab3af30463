using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using CreditSharing.Core.Protection;
using CreditSharing.Storage.Protection;

namespace CreditSharing.Integration.Tests.Protection;

/// <summary>
/// The Key Vault key wrapper against a stand-in vault that answers <c>wrapkey</c>/<c>unwrapkey</c>
/// as Key Vault does (RSA-OAEP-256 with a versioned key id), checking the bearer token's scope.
/// </summary>
public sealed class KeyVaultKeyWrapperTests
{
    private const string Vault = "https://kv-creditsharing.vault.azure.net";
    private static readonly Uri KeyId = new($"{Vault}/keys/id-numbers");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WrapsWithTheVaultKeyAndUnwrapsByTheVersionedKeyIdItAnswered()
    {
        using var vault = new FakeVault();
        var wrapper = new KeyVaultKeyWrapper(KeyId, new FixedCredential(), vault.Transport);
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var wrapped = await wrapper.WrapAsync(dataKey, Ct);
        var unwrapped = await wrapper.UnwrapAsync(wrapped.KeyId, wrapped.Value, Ct);

        Assert.Equal($"{Vault}/keys/id-numbers/{FakeVault.Version}", wrapped.KeyId);
        Assert.Equal(dataKey, unwrapped);
        Assert.NotEqual(dataKey, wrapped.Value);
        Assert.Equal(["/keys/id-numbers/wrapkey", $"/keys/id-numbers/{FakeVault.Version}/unwrapkey"], vault.Paths);
        Assert.All(vault.Tokens, t => Assert.Equal("Bearer token-for:https://vault.azure.net/.default", t));
    }

    [Fact]
    public async Task ProtectsThroughTheVaultCallingItOncePerDataKey()
    {
        using var vault = new FakeVault();
        var protector = new EnvelopeProtector(new KeyVaultKeyWrapper(KeyId, new FixedCredential(), vault.Transport), TimeProvider.System);

        var stored = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            stored.Add(await protector.ProtectAsync("411702198001011233", $"row-{i}", Ct));
        }

        var reader = new EnvelopeProtector(new KeyVaultKeyWrapper(KeyId, new FixedCredential(), vault.Transport), TimeProvider.System);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("411702198001011233", await reader.UnprotectAsync(stored[i], $"row-{i}", Ct));
        }

        Assert.Equal(1, vault.Paths.Count(p => p.EndsWith("/wrapkey", StringComparison.Ordinal)));
        Assert.Equal(1, vault.Paths.Count(p => p.EndsWith("/unwrapkey", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task NeverAsksAnotherHostThanTheConfiguredVault()
    {
        using var vault = new FakeVault();
        var wrapper = new KeyVaultKeyWrapper(KeyId, new FixedCredential(), vault.Transport);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => wrapper.UnwrapAsync("https://attacker.example/keys/x/1", new byte[256], Ct));
        Assert.Empty(vault.Paths);
    }

    [Fact]
    public void TakesTheTokenScopeFromTheVaultsCloud()
    {
        Assert.Equal("https://vault.azure.net/.default", KeyVaultKeyWrapper.ScopeOf(KeyId));
        Assert.Equal("https://vault.azure.cn/.default", KeyVaultKeyWrapper.ScopeOf(new Uri("https://kv.vault.azure.cn/keys/id-numbers")));
    }

    private sealed class FixedCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => new("token-for:" + string.Join(' ', requestContext.Scopes), DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private sealed class FakeVault : HttpMessageHandler
    {
        public const string Version = "0123456789abcdef0123456789abcdef";

        private readonly RSA rsa = RSA.Create(2048);
        private readonly HttpClient client;

        public FakeVault()
        {
            client = new HttpClient(this, disposeHandler: false);
            Transport = new HttpClientTransport(client);
        }

        public HttpPipelineTransport Transport { get; }

        public List<string> Paths { get; } = [];

        public List<string> Tokens { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Add(request.RequestUri!.AbsolutePath);
            Tokens.Add(request.Headers.Authorization?.ToString() ?? string.Empty);
            Assert.Equal("api-version=7.4", request.RequestUri.Query.TrimStart('?'));
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            Assert.Equal("RSA-OAEP-256", body["alg"]!.GetValue<string>());
            var value = FromB64Url(body["value"]!.GetValue<string>());
            var path = request.RequestUri.AbsolutePath;
            byte[] result = path.EndsWith("/wrapkey", StringComparison.Ordinal)
                ? rsa.Encrypt(value, RSAEncryptionPadding.OaepSHA256)
                : rsa.Decrypt(value, RSAEncryptionPadding.OaepSHA256);
            var answer = new JsonObject { ["kid"] = $"{Vault}/keys/id-numbers/{Version}", ["value"] = B64Url(result) };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/json") };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rsa.Dispose();
                client.Dispose();
            }

            base.Dispose(disposing);
        }

        private static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static byte[] FromB64Url(string text)
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
        }
    }
}
