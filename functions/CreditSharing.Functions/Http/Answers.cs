using CreditSharing.Core.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CreditSharing.Functions.Http;

/// <summary>Maps the expected outcomes of a read or a change to HTTP.</summary>
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

    public static IActionResult From<T>(CommandResult<T> result, Func<T, IActionResult>? ok = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            { ForbiddenDetail: { } forbidden } => Problems.Forbidden(forbidden),
            { Errors: { } errors } => Problems.Validation(errors),
            { NotFoundDetail: { } detail } => Problems.NotFound(detail),
            { ConflictDetail: { } conflict } => Problems.Status(StatusCodes.Status409Conflict, "The request conflicts with the current state.", conflict, result.ConflictFacts?.ToDictionary(f => f.Key, f => f.Value)),
            _ => ok is null ? new OkObjectResult(result.Value) : ok(result.Value!),
        };
    }
}
