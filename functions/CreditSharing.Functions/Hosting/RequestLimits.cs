using CreditSharing.Core.Imports;

namespace CreditSharing.Functions.Hosting;

/// <summary>
/// The one request-body ceiling of every layer a request crosses: the Functions host
/// (<c>FUNCTIONS_REQUEST_BODY_SIZE_LIMIT</c> in infra/modules/functionapp.bicep, default 100 MB), the
/// isolated worker's Kestrel (ASP.NET Core integration, default 30,000,000 bytes) and the DevHost's
/// Kestrel. It sits a little above the largest body the API takes, an import of
/// <see cref="ImportService.MaxFileBytes"/>, so the import function itself answers a file over its limit
/// with a 413 problem, and no server refuses a valid import first.
/// </summary>
public static class RequestLimits
{
    /// <summary>105 MiB (110,100,480 bytes): 100 MiB of import plus headroom.</summary>
    public const long MaxRequestBodyBytes = ImportService.MaxFileBytes + (5L * 1024 * 1024);
}
