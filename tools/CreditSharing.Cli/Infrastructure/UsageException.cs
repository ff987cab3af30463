namespace CreditSharing.Cli.Infrastructure;

/// <summary>A mistake in the command line or a missing setting: exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
