using CreditSharing.Core.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CreditSharing.Functions.Http;

/// <summary>
/// The one mapping of every failure to RFC 9457 <c>application/problem+json</c>, used by the function
/// app and the DevHost alike.
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ObjectResult Validation(FieldErrors errors, string? detail = null)
        => Validation(errors.ToDictionary(), detail);

    public static ObjectResult Validation(IReadOnlyDictionary<string, string[]> errors, string? detail = null)
    {
        var problem = new ValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid fields.",
            Type = TypeFor(StatusCodes.Status400BadRequest),
            Detail = detail ?? "See errors: each key names a field of the request.",
        };
        return Result(problem);
    }

    /// <summary>
    /// 422: a well-formed request that does not meet the rules (a repair without its credit
    /// commitment, say). <c>errors</c> names each unmet field, as a 400's does each malformed one.
    /// </summary>
    public static ObjectResult Unprocessable(FieldErrors errors, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var problem = new ValidationProblemDetails(errors.ToDictionary().ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request does not meet the rules.",
            Type = TypeFor(StatusCodes.Status422UnprocessableEntity),
            Detail = detail ?? "See errors: each key names a field the rules require.",
        };
        return Result(problem);
    }

    public static ObjectResult Status(int status, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypeFor(status) };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return Result(problem);
    }

    public static ObjectResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, "Not found.", detail);

    public static ObjectResult Unauthorized(string detail) => Status(StatusCodes.Status401Unauthorized, "Authentication is required.", detail);

    public static ObjectResult Forbidden(string detail) => Status(StatusCodes.Status403Forbidden, "Not allowed.", detail);

    /// <summary>
    /// 422: a batch of which nothing was accepted. The extension member <c>rejected</c> is the same
    /// per-item list a 202 receipt carries (index and field errors of each refused item).
    /// </summary>
    public static ObjectResult Refused(IReadOnlyList<RejectedItem> rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var detail = rejected.Count == 0
            ? "The submission holds no items. Nothing was queued or stored."
            : $"None of the {rejected.Count:N0} items was accepted; see rejected: each entry names an item's index and its fields. Nothing was queued or stored.";
        return Status(StatusCodes.Status422UnprocessableEntity, "Nothing in the submission was accepted.", detail, new Dictionary<string, object?> { ["rejected"] = rejected });
    }

    /// <summary>A 500 names only a trace id that operators can find in the logs; never exception text.</summary>
    public static ObjectResult InternalError(string traceId)
        => Status(StatusCodes.Status500InternalServerError, "The service failed to handle the request.", "The failure was logged; quote the trace id when reporting it.", new Dictionary<string, object?> { ["traceId"] = traceId });

    private static ObjectResult Result(ProblemDetails problem)
    {
        var result = new ObjectResult(problem) { StatusCode = problem.Status };
        result.ContentTypes.Add(ContentType);
        return result;
    }

    private static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
    };
}
