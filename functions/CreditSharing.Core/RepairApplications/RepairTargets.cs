using CreditSharing.Core.Lists;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.RepairApplications;

/// <summary>
/// Repair targets over the record and list stores. Eligibility is the direct repair's rule: a
/// record's <c>repairEligibleFrom</c> (Disclosure), an entry's decision day plus its list's
/// <c>repairAfterYears</c>. The repair itself goes through <see cref="RecordService"/> and <see cref="ListService"/>.
/// </summary>
public sealed class RepairTargets(IRecordStore records, IListEntryStore entries, RecordService recordService, ListService listService, CreditRules rules, TimeProvider clock) : IRepairTargets
{
    public async Task<RepairTargetState?> FindAsync(string uscc, RepairTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Kind == RepairTargetKinds.Record)
        {
            if (!RecordId.IsWellFormed(target.Id))
            {
                return null;
            }

            var found = await records.GetAsync(uscc, [target.Id], cancellationToken);
            if (!found.TryGetValue(target.Id, out var stored))
            {
                return null;
            }

            var window = Disclosure.WindowOf(stored.Record, rules.Disclosure);
            var refusal = stored.Withdrawn is not null
                ? "The record was withdrawn: it is shown and counted nowhere, so there is nothing to repair."
                : window.RepairEligibleFrom is null ? $"A {stored.Record.Category} record is not subject to credit repair." : null;
            return new RepairTargetState(stored.Record.ProviderId, window.RepairEligibleFrom, stored.Repair is not null, refusal);
        }

        var entry = (await entries.GetAsync(uscc, target.Id, cancellationToken))?.Entry;
        if (entry is null)
        {
            return null;
        }

        var repaired = entry.EndReason == "repaired";
        var today = CityClock.Today(clock);
        var why = entry.Withdrawn is not null
            ? "The list entry was withdrawn: it is shown and counted nowhere, so there is nothing to repair."
            : !repaired && !entry.IsActiveOn(today) ? "The list entry is not active, so there is nothing to repair." : null;
        return new RepairTargetState(entry.ProviderId, entry.DecidedOn.AddYears(rules.Lists.For(entry.ListType).RepairAfterYears), repaired, why);
    }

    public async Task<CommandResult<string>> RepairAsync(string uscc, RepairTarget target, RepairInput input, string by, bool asRegulator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Kind == RepairTargetKinds.Record)
        {
            var record = await recordService.RepairAsync(uscc, target.Id, input, by, asRegulator, cancellationToken);
            return new CommandResult<string>(record.Value?.Id, record.Errors, record.NotFoundDetail, record.ConflictDetail, record.ConflictFacts, record.ForbiddenDetail, record.UnprocessableErrors);
        }

        var entry = await listService.RepairAsync(uscc, target.Id, input, by, asRegulator, cancellationToken);
        return new CommandResult<string>(entry.Value?.Id, entry.Errors, entry.NotFoundDetail, entry.ConflictDetail, entry.ConflictFacts, entry.ForbiddenDetail, entry.UnprocessableErrors);
    }
}
