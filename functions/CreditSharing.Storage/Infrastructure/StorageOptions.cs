namespace CreditSharing.Storage.Infrastructure;

/// <summary>Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>A connection string (Azurite, or a key-based account). Unset in Azure.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The account used with managed identity when no connection string is set.</summary>
    public string? AccountName { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the default credential chain.</summary>
    public string? ClientId { get; set; }

    /// <summary>Name prefix for tables, queues and containers (tests, shared development accounts).</summary>
    public string? NamePrefix { get; set; }
}
