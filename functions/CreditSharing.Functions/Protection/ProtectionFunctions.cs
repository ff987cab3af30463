using CreditSharing.Core.Protection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Protection;

public sealed class ProtectionFunctions(IdentityRekeying rekeying, ILogger<ProtectionFunctions> logger)
{
    /// <summary>Daily at 00:02 in the city (16:02 UTC).</summary>
    public const string RekeySchedule = "0 2 16 * * *";

    /// <summary>
    /// Encrypts ID numbers still in clear or under an earlier key-encryption key, and re-hashes the
    /// representative index under the current identity-hash key (a rotation: docs/deploy.md). Run it
    /// at once through the host's admin endpoint (<c>POST /admin/functions/RekeyIdentities</c>).
    /// </summary>
    [Function(nameof(RekeyIdentities))]
    public async Task RekeyIdentities(
        [TimerTrigger(RekeySchedule)] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        var report = await rekeying.RunAsync(cancellationToken);
        logger.LogInformation(
            "Re-key: {Reprotected} rows re-encrypted; representative index {Kept} kept, {Moved} moved to the current hash key, {Rewritten} rewritten, {Unresolved} unresolved",
            report.Reprotected.Values.Sum(), report.Rehash.Kept, report.Rehash.Moved, report.Rehash.Rewritten, report.Rehash.Unresolved);
    }
}
