using CreditSharing.Core.Shared;

namespace CreditSharing.Functions.OpenApi;

/// <summary>
/// The shape of the 422 answer to a batch of which nothing was accepted (see
/// <see cref="Http.Problems.Refused"/>), for the OpenAPI document: an RFC 9457 problem whose
/// extension member <c>rejected</c> is the per-item list of a 202 receipt.
/// </summary>
public sealed record RefusedBatchProblem(string Type, string Title, int Status, string Detail, IReadOnlyList<RejectedItem> Rejected);
