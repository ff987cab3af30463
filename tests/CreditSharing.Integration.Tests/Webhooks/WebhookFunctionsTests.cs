using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Webhooks;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Webhooks;

/// <summary>Webhooks end to end: real function classes through the DevHost, a receiver on 127.0.0.1, the clock moved, never slept.</summary>
public sealed class WebhookFunctionsTests(WebhookDevHostFixture host) : IClassFixture<WebhookDevHostFixture>
{
    private const string Provider = "provider-webhooks";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WebhookReceiver Receiver => host.Receiver;

    [Fact]
    public async Task DeliversASignedEventAndRetriesAReceiverThatFailsTwiceUntilItAnswers()
    {
        var uscc = TestData.NewUscc();
        var path = $"/fail/2/{Guid.NewGuid():N}";
        using var bank = await BankAsync("bank-wh-01");
        await ConsentAsync(uscc, "bank-wh-01");
        var (id, secret) = await SubscribeAsync(bank, path, [uscc]);

        await ListAsync(uscc, "WH-1");
        await Eventually.HoldsAsync(
            async () =>
            {
                if (Receiver.At(path).Count() >= 3)
                {
                    return true;
                }

                // The next retry falls due on the product's clock: move it past the longest backoff so far.
                await host.SetClockAsync(await host.ClockAsync() + TimeSpan.FromMinutes(5));
                return false;
            },
            TimeSpan.FromSeconds(60),
            "three attempts");

        var attempts = Receiver.At(path).ToList();
        Assert.Equal([500, 500, 204], attempts.Select(a => a.AnsweredWith));
        Assert.Single(attempts.Select(a => a.DeliveryId).Distinct());
        Assert.All(attempts, a => Assert.True(WebhookSignature.Verify(a.Body, secret, a.Signature), "the signature verifies with the secret"));
        Assert.False(WebhookSignature.Verify(attempts[^1].Body, secret + "0", attempts[^1].Signature));
        var body = JsonDocument.Parse(attempts[^1].Body).RootElement;
        Assert.Equal("list.changed", body.GetProperty("type").GetString());
        Assert.Equal(uscc, body.GetProperty("uscc").GetString());
        Assert.Equal("red", body.GetProperty("data").GetProperty("listType").GetString());
        Assert.Equal(32, body.GetProperty("id").GetString()!.Length);
        var deliveries = await Eventually.GetAsync(
            async () => await bank.GetFromJsonAsync<JsonElement[]>($"/api/subscriptions/{id}/deliveries", Ct) is { Length: 3 } rows ? rows : null,
            what: "three delivery rows");
        Assert.Equal(["delivered", "failed", "failed"], deliveries.Select(d => d.GetProperty("status").GetString()));
        Assert.Equal([3, 2, 1], deliveries.Select(d => d.GetProperty("attempt").GetInt32()));
        Assert.Equal([204, 500, 500], deliveries.Select(d => d.GetProperty("statusCode").GetInt32()));
        Assert.All(deliveries, d => Assert.True(d.GetProperty("durationMs").GetInt64() >= 0));
    }

    [Fact]
    public async Task DeliversNothingAboutAnEnterpriseThatRevokedItsConsent()
    {
        var revoking = TestData.NewUscc();
        var keeping = TestData.NewUscc();
        var path = $"/ok/{Guid.NewGuid():N}";
        using var bank = await BankAsync("bank-wh-02");
        await ConsentAsync(revoking, "bank-wh-02");
        await ConsentAsync(keeping, "bank-wh-02");
        await SubscribeAsync(bank, path, [revoking, keeping]);
        using var enterprise = await host.EnterpriseClientAsync(revoking);
        (await enterprise.DeleteAsync($"/api/enterprises/{revoking}/authorizations/bank-wh-02", Ct)).EnsureSuccessStatusCode();

        await ListAsync(revoking, "WH-2a");
        await ListAsync(keeping, "WH-2b");
        await Eventually.HoldsAsync(() => Task.FromResult(Receiver.At(path).Any()), what: "the consenting enterprise's event");
        await Eventually.HoldsAsync(QueuesEmptyAsync, what: "the webhook queues to drain");

        var received = Receiver.At(path).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("uscc").GetString()).ToList();
        Assert.Equal([keeping], received);
    }

    [Fact]
    public async Task DeadLettersADeliveryStillFailing24HoursAfterTheEvent()
    {
        var uscc = TestData.NewUscc();
        var path = $"/down/{Guid.NewGuid():N}";
        using var bank = await BankAsync("bank-wh-03");
        await ConsentAsync(uscc, "bank-wh-03");
        var (id, _) = await SubscribeAsync(bank, path, [uscc]);
        await ListAsync(uscc, "WH-3");
        await Eventually.HoldsAsync(async () => (await DeliveriesAsync(bank, id)).Length > 0, what: "the first failed attempt");

        await host.SetClockAsync(await host.ClockAsync() + TimeSpan.FromHours(25));

        var rows = await Eventually.GetAsync(
            async () => await DeliveriesAsync(bank, id) is { } all && all.Any(r => r.GetProperty("status").GetString() == "dead-lettered") ? all : null,
            what: "the dead-letter row");
        Assert.Equal("dead-lettered", rows[0].GetProperty("status").GetString());
        Assert.Equal("failed", rows[^1].GetProperty("status").GetString());
        Assert.Equal(503, rows[^1].GetProperty("statusCode").GetInt32());
        await Eventually.HoldsAsync(QueuesEmptyAsync, what: "nothing left to retry");
        Assert.Equal(0, (await host.Queue(QueueNames.Poison(QueueNames.WebhookDeliveries)).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task TellsABankOfAConsentingEnterprisesGradeAndAProviderOfItsWithdrawnRecord()
    {
        var uscc = TestData.NewUscc();
        var gradePath = $"/ok/{Guid.NewGuid():N}";
        var withdrawnPath = $"/ok/{Guid.NewGuid():N}";
        using var bank = await BankAsync("bank-wh-06");
        using var provider = await host.ClientAsync(Provider, "DataProvider");
        await ConsentAsync(uscc, "bank-wh-06");
        await SubscribeAsync(bank, gradePath, [uscc], "grade.changed");
        await SubscribeAsync(provider, withdrawnPath, null, "record.withdrawn");
        var today = CityClock.Today(new FixedClock(await host.ClockAsync()));

        (await provider.PostAsJsonAsync("/api/records", new[] { Infrastructure.Records.Penalty(uscc, "WH-6", decisionDate: Day(today.AddDays(-20))) }, Ct)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(() => Task.FromResult(Receiver.At(gradePath).Any()), what: "the grade.changed event");
        using var withdrawn = await provider.PostAsJsonAsync($"/api/enterprises/{uscc}/records/{Provider}~WH-6/withdrawal", new { reason = "行政复议决定撤销原处罚决定" }, Ct);
        await Eventually.HoldsAsync(() => Task.FromResult(Receiver.At(withdrawnPath).Any()), what: "the record.withdrawn event");

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var grade = JsonDocument.Parse(Receiver.At(gradePath).First().Body).RootElement;
        Assert.Equal("grade.changed", grade.GetProperty("type").GetString());
        Assert.Equal(uscc, grade.GetProperty("uscc").GetString());
        var record = JsonDocument.Parse(Receiver.At(withdrawnPath).First().Body).RootElement;
        Assert.Equal("record.withdrawn", record.GetProperty("type").GetString());
        Assert.Equal(uscc, record.GetProperty("uscc").GetString());
        Assert.Contains("WH-6", record.GetProperty("data").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesPrivateCallbacksAndHidesASubscriptionFromEveryoneButItsOwner()
    {
        using var owner = await BankAsync("bank-wh-04");
        using var other = await BankAsync("bank-wh-05");
        using var provider = await host.ClientAsync(Provider, "DataProvider");
        var (id, _) = await SubscribeAsync(owner, "/ok/owner", null);

        using var privateCallback = await owner.PostAsJsonAsync("/api/subscriptions", new { callbackUrl = "http://10.0.0.5/hook", events = new[] { "grade.changed" } }, Ct);
        using var metadata = await owner.PostAsJsonAsync("/api/subscriptions", new { callbackUrl = "http://169.254.169.254/latest", events = new[] { "grade.changed" } }, Ct);
        using var unknownEvent = await owner.PostAsJsonAsync("/api/subscriptions", new { callbackUrl = Receiver.BaseAddress + "x", events = new[] { "grade.deleted" } }, Ct);
        using var providerGrades = await provider.PostAsJsonAsync("/api/subscriptions", new { callbackUrl = Receiver.BaseAddress + "x", events = new[] { "grade.changed" } }, Ct);
        using var foreignDeliveries = await other.GetAsync($"/api/subscriptions/{id}/deliveries", Ct);
        using var foreignDelete = await other.DeleteAsync($"/api/subscriptions/{id}", Ct);
        using var providerDelete = await provider.DeleteAsync($"/api/subscriptions/{id}", Ct);
        var othersList = await other.GetFromJsonAsync<JsonElement[]>("/api/subscriptions", Ct);
        using var ownDelete = await owner.DeleteAsync($"/api/subscriptions/{id}", Ct);
        var ownList = await owner.GetFromJsonAsync<JsonElement[]>("/api/subscriptions", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, privateCallback.StatusCode);
        Assert.Contains("private", await privateCallback.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, metadata.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownEvent.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, providerGrades.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignDeliveries.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, providerDelete.StatusCode);
        Assert.Empty(othersList!);
        Assert.Equal(HttpStatusCode.OK, ownDelete.StatusCode);
        var listed = Assert.Single(ownList!);
        Assert.Equal(id, listed.GetProperty("subscriptionId").GetString());
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("endedAt").ValueKind);
        Assert.False(listed.TryGetProperty("secret", out _));
        var row = await host.Table(TableNames.Subscriptions).GetEntityAsync<Azure.Data.Tables.TableEntity>(id, "s", cancellationToken: Ct);
        Assert.StartsWith("e1.", row.Value.GetString("SecretProtected"), StringComparison.Ordinal);
    }

    private async Task<bool> QueuesEmptyAsync()
    {
        foreach (var queue in new[] { QueueNames.WebhookEvents, QueueNames.WebhookDeliveries })
        {
            if ((await host.Queue(queue).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<JsonElement[]> DeliveriesAsync(HttpClient bank, string id)
        => (await bank.GetFromJsonAsync<JsonElement[]>($"/api/subscriptions/{id}/deliveries", Ct))!;

    private async Task<(string Id, string Secret)> SubscribeAsync(HttpClient client, string path, string[]? usccs, string type = "list.changed")
    {
        using var response = await client.PostAsJsonAsync("/api/subscriptions", new { callbackUrl = new Uri(Receiver.BaseAddress, path).AbsoluteUri, events = new[] { type }, usccs }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var secret = created.GetProperty("secret").GetString()!;
        Assert.Equal(64, secret.Length);
        return (created.GetProperty("subscriptionId").GetString()!, secret);
    }

    private async Task ListAsync(string uscc, string sourceId)
    {
        using var provider = await host.ClientAsync(Provider, "DataProvider");
        var today = CityClock.Today(await host.ClockAsync() is var now ? new FixedClock(now) : TimeProvider.System);
        using var response = await provider.PostAsJsonAsync(
            "/api/lists/entries",
            new
            {
                listType = "red",
                uscc,
                reason = "连续三年纳税信用A级",
                authority = "驻马店市税务局",
                documentNo = "驻税红〔2026〕1号",
                decidedOn = Day(today.AddDays(-1)),
                expiresOn = Day(today.AddYears(2)),
                legalRepresentativeIncluded = false,
                sourceId,
            },
            Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private Task<HttpClient> BankAsync(string bankId) => host.ClientAsync(new LocalTokenRequest(["Bank"], "officer-" + bankId, null, bankId));

    private async Task ConsentAsync(string uscc, string bankId)
    {
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        var today = CityClock.Today(new FixedClock(await host.ClockAsync()));
        using var granted = await enterprise.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", new { bankId, purpose = "贷款", expiresOn = Day(today.AddMonths(6)) }, Ct);
        granted.EnsureSuccessStatusCode();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
