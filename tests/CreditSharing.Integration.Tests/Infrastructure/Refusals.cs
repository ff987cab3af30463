using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>The answer to a batch with nothing accepted: a 422 problem listing every item's errors.</summary>
public static class Refusals
{
    /// <summary>Asserts the 422 problem and returns, per rejected index, the fields its errors name.</summary>
    public static async Task<IReadOnlyDictionary<int, List<string>>> AssertRefusedAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Equal("Nothing in the submission was accepted.", problem.GetProperty("title").GetString());
        Assert.EndsWith("Nothing was queued or stored.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem.GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => r.GetProperty("index").GetInt32(), r => r.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList());
    }
}
