namespace CreditSharing.Storage.Infrastructure;

/// <summary>Azure Table keys may not hold '/', '\', '#', '?' or control characters; every key built here is checked.</summary>
public static class TableKeys
{
    public static string Checked(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException($"'{c}' is not allowed in a table key.", nameof(key));
            }
        }

        return key;
    }
}
