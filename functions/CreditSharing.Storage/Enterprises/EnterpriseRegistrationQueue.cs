using CreditSharing.Core.Enterprises;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Enterprises;

public sealed class EnterpriseRegistrationQueue(StorageQueue queue) : IEnterpriseRegistrationQueue
{
    public Task EnqueueAsync(EnterpriseRegistrationMessage message, CancellationToken cancellationToken)
        => queue.SendAsync(QueueNames.EnterpriseRegistrations, message, cancellationToken);
}
