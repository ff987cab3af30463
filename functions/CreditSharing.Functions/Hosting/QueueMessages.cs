using System.Text.Json;
using CreditSharing.Core.Shared;

namespace CreditSharing.Functions.Hosting;

/// <summary>Parses a queue message; one that is not valid JSON of its type fails every delivery and ends in the poison queue.</summary>
public static class QueueMessages
{
    public static T Parse<T>(string message)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(message, WireJson.Options)
                   ?? throw new InvalidMessageException($"The message is not a {typeof(T).Name}: it is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidMessageException($"The message is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
