using CreditSharing.Core.Lists;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Objections;

/// <summary>Objection targets over the record and list stores; withdrawal goes through the owning services, as point 2 of issue 21 does it.</summary>
public sealed class ObjectionTargets(IRecordStore records, IListEntryStore entries, RecordService recordService, ListService listService) : IObjectionTargets
{
    public async Task<TargetState?> FindAsync(string uscc, ObjectionTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Kind == ObjectionKinds.Record)
        {
            // An id no record can have names nothing; it never reaches storage as a key.
            if (!RecordId.IsWellFormed(target.Id))
            {
                return null;
            }

            var found = await records.GetAsync(uscc, [target.Id], cancellationToken);
            return found.TryGetValue(target.Id, out var stored) ? new TargetState(stored.Record.ProviderId, stored.Revision, stored.Withdrawn is not null) : null;
        }

        var entry = await entries.GetAsync(uscc, target.Id, cancellationToken);
        return entry is null ? null : new TargetState(entry.Entry.ProviderId, entry.Entry.Revision, entry.Entry.Withdrawn is not null);
    }

    public async Task<CommandResult<string>> WithdrawAsync(string uscc, ObjectionTarget target, WithdrawalInput input, string by, bool asRegulator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Kind == ObjectionKinds.Record)
        {
            var record = await recordService.WithdrawAsync(uscc, target.Id, input, by, asRegulator, cancellationToken);
            return new CommandResult<string>(record.Value?.Id, record.Errors, record.NotFoundDetail, record.ConflictDetail, record.ConflictFacts, record.ForbiddenDetail);
        }

        var entry = await listService.WithdrawAsync(uscc, target.Id, input, by, asRegulator, cancellationToken);
        return new CommandResult<string>(entry.Value?.Id, entry.Errors, entry.NotFoundDetail, entry.ConflictDetail, entry.ConflictFacts, entry.ForbiddenDetail);
    }
}
