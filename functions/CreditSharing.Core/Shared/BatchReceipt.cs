namespace CreditSharing.Core.Shared;

/// <summary>The 202 answer to a batch: how many were queued, and why each rejected item was refused.</summary>
public sealed record BatchReceipt(int Accepted, IReadOnlyList<RejectedItem> Rejected);

public sealed record RejectedItem(int Index, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>A queue message that can never succeed; the host moves it to the poison queue with this reason.</summary>
public sealed class InvalidMessageException(string message, Exception? inner = null) : Exception(message, inner);
