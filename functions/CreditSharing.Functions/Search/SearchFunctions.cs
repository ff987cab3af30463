using System.ComponentModel;
using CreditSharing.Core.Search;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Search;

public sealed class SearchFunctions(SearchService search, SearchIndexer indexer, ILogger<SearchFunctions> logger)
{
    /// <summary>Sundays at 03:30 in the city (19:30 UTC on Saturdays).</summary>
    public const string ReindexSchedule = "0 30 19 * * 6";

    [Function(nameof(SearchEnterprises))]
    [AllowAnonymous]
    [Description("Name search (anonymous, rate-limited): q of 2–64 characters finds enterprises by any 2+ consecutive characters of the name or a former name (曾用名); a USCC answers by point read, a registered trace code with a route to its scan. 20 a page (page 1–50); tooCommon when the index row of q (2–4 characters) or every 4-character piece of a longer q is too common to list.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(SearchAnswer))]
    [ApiQuery("q", typeof(string), Required = true, Description = "Part of a name or former name.")]
    [ApiQuery("page", typeof(int), Minimum = 1)]
    public async Task<IActionResult> SearchEnterprises(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.PublicSearch)] HttpRequest request,
        CancellationToken cancellationToken)
        => Answers.From(await search.SearchAsync(request.Query["q"].FirstOrDefault(), request.Query["page"].FirstOrDefault(), cancellationToken));

    /// <summary>
    /// Re-indexes every registered enterprise (those registered before the index existed, or a row
    /// lost to a failure); idempotent, reads only where the index is already right. Run it at once
    /// through the host's admin endpoint (<c>POST /admin/functions/ReindexSearch</c>).
    /// </summary>
    [Function(nameof(ReindexSearch))]
    public async Task ReindexSearch(
        [TimerTrigger(ReindexSchedule)] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        var changed = await indexer.ReindexAllAsync(cancellationToken);
        logger.LogInformation("Search re-index: {Changed} enterprises had index rows written", changed);
    }
}
