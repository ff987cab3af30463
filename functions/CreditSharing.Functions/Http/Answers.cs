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

    /// <summary>
    /// The one answer to a batch submission: 202 with the receipt when at least one item was accepted
    /// (the rest listed in <c>rejected</c>), a 422 problem with the same <c>rejected</c> list when none was.
    /// </summary>
    public static IActionResult Receipt(BatchReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return receipt.Accepted > 0
            ? new ObjectResult(receipt) { StatusCode = StatusCodes.Status202Accepted }
            : Problems.Refused(receipt.Rejected);
    }

    public static IActionResult From<T>(CommandResult<T> result, Func<T, IActionResult>? ok = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            { ForbiddenDetail: { } forbidden } => Problems.Forbidden(forbidden),
            { Errors: { } errors } => Problems.Validation(errors),
            { UnprocessableErrors: { } unmet } => Problems.Unprocessable(unmet),
            { NotFoundDetail: { } detail } => Problems.NotFound(detail),
            { ConflictDetail: { } conflict } => Problems.Status(StatusCodes.Status409Conflict, "The request conflicts with the current state.", conflict, result.ConflictFacts?.ToDictionary(f => f.Key, f => f.Value)),
            _ => ok is null ? new OkObjectResult(result.Value) : ok(result.Value!),
        };
    }
}
