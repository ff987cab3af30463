using CreditSharing.Core.Shared;
using Microsoft.AspNetCore.Mvc;

namespace CreditSharing.Functions.Http;

/// <summary>Maps the expected outcomes of a read to HTTP.</summary>
public static class Answers
{
    public static IActionResult From<T>(QueryResult<T> result)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            { Errors: { } errors } => Problems.Validation(errors),
            { NotFoundDetail: { } detail } => Problems.NotFound(detail),
            _ => new OkObjectResult(result.Value),
        };
    }
}
