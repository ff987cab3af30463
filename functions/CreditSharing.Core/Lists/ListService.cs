using System.Globalization;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Lists;

/// <summary>红黑名单, 联合惩戒 and 信用修复: entries, their public lists, repair, expiry and publication.</summary>
public sealed class ListService(
    IListEntryStore entries,
    IPublicListStore publicLists,
    IRepresentativeIndex representatives,
    IListSnapshots snapshots,
    IEnterpriseStore enterprises,
    IGradeRequestQueue gradeRequests,
    IdentityHasher hasher,
    CreditRules rules,
    TimeProvider clock,
    ProviderGate providers)
{
    /// <summary>A provider decides only the list types its registry entry names (403 otherwise); a Regulator is not checked.</summary>
    public async Task<CommandResult<ListEntryReceipt>> CreateAsync(ListEntryInput? input, string providerId, bool asRegulator, CancellationToken cancellationToken)
    {
        var access = await providers.CheckAsync(providerId, asRegulator, cancellationToken);
        if (access.Refused is { } refused)
        {
            return CommandResult<ListEntryReceipt>.Forbidden(refused);
        }

        var (entry, errors) = ListEntryValidator.Validate(input, providerId, rules.Lists, CityClock.Today(clock), clock.GetUtcNow());
        if (entry is null)
        {
            return CommandResult<ListEntryReceipt>.Invalid(errors);
        }

        if (access.ListTypeRefusal(entry.ListType) is { } notAllowed)
        {
            return CommandResult<ListEntryReceipt>.Forbidden(notAllowed);
        }

        if (!await entries.TryAddAsync(entry, cancellationToken))
        {
            // (provider, sourceId) names the entry: sending it again changes nothing, except that
            // a black entry whose first delivery was cut short still ends the red entries it ends.
            if (await EndRedEntriesUnderBlackAsync(entry.Uscc, cancellationToken) > 0)
            {
                await RequestGradeAsync([entry.Uscc], "list-entry", cancellationToken);
            }

            return CommandResult<ListEntryReceipt>.Ok(new ListEntryReceipt(entry.Id, entry.Uscc, Created: false));
        }

        // A black entry ends the enterprise's active red entries; a red entry arriving while a
        // black entry is active ends at once. Either order of arrival leaves the same lists.
        if (entry.ListType is ListTypes.Red or ListTypes.Black && await EndRedEntriesUnderBlackAsync(entry.Uscc, cancellationToken) > 0)
        {
            entry = (await entries.GetAsync(entry.Uscc, entry.Id, cancellationToken))?.Entry ?? entry;
        }

        var profile = (await enterprises.GetAsync(entry.Uscc, cancellationToken))?.Profile;
        if (ListTypes.IsPublic(entry.ListType) && entry.IsActiveOn(CityClock.Today(clock)))
        {
            await publicLists.PutAsync(entry.ListType, PublicItem(entry, profile), cancellationToken);
        }

        if (entry.LegalRepresentativeIncluded && profile?.LegalRepresentative is { } representative)
        {
            await representatives.AddAsync(
                hasher.Hash(representative.IdNumber),
                new RepresentativeIndexEntry(entry.Uscc, entry.Id, profile.Name, representative.Name, IdNumber.Mask(representative.IdNumber)),
                cancellationToken);
        }

        await RequestGradeAsync([entry.Uscc], "list-entry", cancellationToken);
        return CommandResult<ListEntryReceipt>.Ok(new ListEntryReceipt(entry.Id, entry.Uscc, Created: true));
    }

    /// <summary>信用修复: ends an entry early; a black entry only after its minimum period.</summary>
    public async Task<CommandResult<ListEntry>> RepairAsync(string routeUscc, string entryId, RepairInput? input, string by, CancellationToken cancellationToken)
    {
        var errors = ListEntryValidator.RepairErrors(input);
        if (!Uscc.TryParse(routeUscc, out var uscc, out var usccError))
        {
            errors.Add("uscc", usccError);
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<ListEntry>.Invalid(errors);
        }

        var stored = await entries.GetAsync(uscc.Value, entryId, cancellationToken);
        if (stored is null)
        {
            return CommandResult<ListEntry>.NotFound($"{uscc.Value} has no list entry {entryId}.");
        }

        var entry = stored.Entry;
        var today = CityClock.Today(clock);
        if (!entry.IsActiveOn(today))
        {
            return CommandResult<ListEntry>.Conflict($"The entry is not active (ended {entry.EndedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "or not yet in force"}).");
        }

        var eligibleFrom = entry.DecidedOn.AddYears(rules.Lists.For(entry.ListType).RepairAfterYears);
        if (today < eligibleFrom)
        {
            return CommandResult<ListEntry>.Conflict(
                $"A {entry.ListType} entry can be repaired from {eligibleFrom:yyyy-MM-dd}.",
                new Dictionary<string, object?> { ["repairEligibleFrom"] = eligibleFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        }

        var repaired = entry with
        {
            EndedOn = today,
            EndReason = "repaired",
            History = [.. entry.History, new ListEntryEvent("repaired", clock.GetUtcNow(), by, input!.Reason!.Trim(), input.DocumentNo!.Trim(), input.Commitment?.Trim())],
        };
        try
        {
            await entries.UpdateAsync(stored with { Entry = repaired }, cancellationToken);
        }
        catch (ListEntryConflictException)
        {
            return CommandResult<ListEntry>.Conflict("The entry changed meanwhile; read it again.");
        }

        await publicLists.RemoveAsync(entry.ListType, entry.Uscc, entry.Id, cancellationToken);
        await RequestGradeAsync([entry.Uscc], "list-repair", cancellationToken);
        return CommandResult<ListEntry>.Ok(repaired);
    }

    /// <summary>
    /// 撤销: the deciding provider (or, with <paramref name="asRegulator"/>, a Regulator) withdraws an
    /// entry. It leaves the public lists and the next snapshot at once and stays in history.
    /// </summary>
    public Task<CommandResult<ListEntry>> WithdrawAsync(string routeUscc, string entryId, WithdrawalInput? input, string by, bool asRegulator, CancellationToken cancellationToken)
        => throw new NotImplementedException("Issue 21: list withdrawal.");

    /// <summary>Ends the enterprise's active entries that name <paramref name="recordId"/> in <c>basisRecordIds</c> (its penalty was repaired or withdrawn); answers how many ended.</summary>
    public Task<int> EndOnBasisAsync(string uscc, string recordId, string endReason, string by, CancellationToken cancellationToken)
        => throw new NotImplementedException("Issue 21: entries resting on a record.");

    public async Task<QueryResult<IReadOnlyList<ListEntry>>> ListAsync(string? routeUscc, CancellationToken cancellationToken)
    {
        if (!Uscc.TryParse(routeUscc, out var uscc, out var error))
        {
            return QueryResult<IReadOnlyList<ListEntry>>.Invalid(FieldErrors.Of("uscc", error));
        }

        var all = await entries.ListAsync(uscc.Value, cancellationToken);
        return QueryResult<IReadOnlyList<ListEntry>>.Ok(all.Select(e => e.Entry).OrderByDescending(e => e.DecidedOn).ThenBy(e => e.Id, StringComparer.Ordinal).ToList());
    }

    /// <summary>联合惩戒 of the responsible person: the active entries naming this person as legal representative.</summary>
    public async Task<QueryResult<IReadOnlyList<RepresentativeMatch>>> FindByRepresentativeAsync(string? idNumber, CancellationToken cancellationToken)
    {
        if (!IdNumber.TryNormalize(idNumber, out var normalized, out var error))
        {
            return QueryResult<IReadOnlyList<RepresentativeMatch>>.Invalid(FieldErrors.Of("idNumber", error));
        }

        var today = CityClock.Today(clock);
        var matches = new List<RepresentativeMatch>();
        foreach (var hit in await representatives.FindAsync(hasher.Hash(normalized), cancellationToken))
        {
            var stored = await entries.GetAsync(hit.Uscc, hit.EntryId, cancellationToken);
            if (stored is not null && stored.Entry.IsActiveOn(today))
            {
                matches.Add(new RepresentativeMatch(hit.Uscc, hit.EnterpriseName, hit.RepresentativeName, hit.IdNumberMasked, stored.Entry));
            }
        }

        return QueryResult<IReadOnlyList<RepresentativeMatch>>.Ok(matches);
    }

    public async Task<QueryResult<Page<PublicListItem>>> PublicPageAsync(string listType, string? county, string? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (!ListTypes.IsPublic(listType))
        {
            return QueryResult<Page<PublicListItem>>.NotFound("The public lists are red and black.");
        }

        var errors = new FieldErrors();
        if (!string.IsNullOrWhiteSpace(county) && Counties.NameOf(county) is null)
        {
            errors.Add("county", $"A county is one of {string.Join(", ", Counties.All.Keys)}.");
        }

        var size = ContinuationToken.PageSize(pageSize, errors);
        var tableToken = ContinuationToken.UnwrapTableToken(continuationToken, errors);

        if (!errors.IsEmpty)
        {
            return QueryResult<Page<PublicListItem>>.Invalid(errors);
        }

        var (items, next) = await publicLists.PageAsync(listType, string.IsNullOrWhiteSpace(county) ? null : county, size!.Value, tableToken, cancellationToken);
        return QueryResult<Page<PublicListItem>>.Ok(new Page<PublicListItem>(items, ContinuationToken.WrapTableToken(next)));
    }

    /// <summary>An enterprise's active red and black entries as the public lists show them (never watch entries, never ID numbers), newest first.</summary>
    public async Task<IReadOnlyList<ActivePublicEntry>> ActivePublicEntriesAsync(Uscc uscc, CancellationToken cancellationToken)
    {
        var today = CityClock.Today(clock);
        return (await entries.ListAsync(uscc.Value, cancellationToken))
            .Select(s => s.Entry)
            .Where(e => ListTypes.IsPublic(e.ListType) && e.IsActiveOn(today))
            .OrderByDescending(e => e.DecidedOn)
            .Select(e => new ActivePublicEntry(e.ListType, PublicItem(e, profile: null)))
            .ToList();
    }

    public Task<Stream?> OpenLatestCsvAsync(string listType, CancellationToken cancellationToken)
        => ListTypes.IsPublic(listType) ? snapshots.OpenLatestCsvAsync(listType, cancellationToken) : Task.FromResult<Stream?>(null);

    /// <summary>The daily run (红黑榜发布): ends expired entries, re-grades their enterprises, publishes both lists.</summary>
    public async Task<PublishReport> PublishAsync(CancellationToken cancellationToken)
    {
        var today = CityClock.Today(clock);
        var expired = new List<string>();
        await foreach (var stored in entries.ExpiredAsync(today, cancellationToken))
        {
            var entry = stored.Entry;
            var ended = entry with
            {
                EndedOn = entry.ExpiresOn.AddDays(1),
                EndReason = "expired",
                History = [.. entry.History, new ListEntryEvent("expired", clock.GetUtcNow(), "system", $"Expired after {entry.ExpiresOn:yyyy-MM-dd}.", null, null)],
            };
            try
            {
                await entries.UpdateAsync(stored with { Entry = ended }, cancellationToken);
            }
            catch (ListEntryConflictException)
            {
                // Repaired meanwhile: it is ended either way.
                continue;
            }

            await publicLists.RemoveAsync(entry.ListType, entry.Uscc, entry.Id, cancellationToken);
            expired.Add(entry.Uscc);
        }

        foreach (var chunk in expired.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            await RequestGradeAsync(chunk, "list-expiry", cancellationToken);
        }

        var counts = new Dictionary<string, int>();
        foreach (var listType in new[] { ListTypes.Red, ListTypes.Black })
        {
            var items = new List<PublicListItem>();
            await foreach (var item in publicLists.AllAsync(listType, cancellationToken))
            {
                items.Add(item);
            }

            await snapshots.WriteAsync(today, listType, items, cancellationToken);
            counts[listType] = items.Count;
        }

        return new PublishReport(today, expired.Count, counts[ListTypes.Red], counts[ListTypes.Black]);
    }

    /// <summary>
    /// 红黑名单 are exclusive: while an enterprise has an active black entry (严重失信主体名单), none of
    /// its red entries (守信激励) stays active. Each active red entry ends (<c>endReason</c>
    /// <c>black-listed</c>, a <c>black-listed</c> history event naming the black entry) on the black
    /// entry's decision day, or its own when it was decided later, and leaves the public red list.
    /// Repairing the black entry later does not bring a red entry back. Answers how many ended.
    /// </summary>
    private async Task<int> EndRedEntriesUnderBlackAsync(string uscc, CancellationToken cancellationToken)
    {
        var today = CityClock.Today(clock);
        var ended = 0;
        for (var attempt = 1; ; attempt++)
        {
            var all = await entries.ListAsync(uscc, cancellationToken);
            var black = all.Select(s => s.Entry)
                .Where(e => e.ListType == ListTypes.Black && e.IsActiveOn(today))
                .OrderBy(e => e.DecidedOn).ThenBy(e => e.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            if (black is null)
            {
                return ended;
            }

            var conflict = false;
            foreach (var stored in all.Where(s => s.Entry.ListType == ListTypes.Red && s.Entry.IsActiveOn(today)))
            {
                var red = stored.Entry;
                var endedRed = red with
                {
                    EndedOn = red.DecidedOn > black.DecidedOn ? red.DecidedOn : black.DecidedOn,
                    EndReason = "black-listed",
                    History = [.. red.History, new ListEntryEvent("black-listed", clock.GetUtcNow(), "system", $"Black-listed by entry {black.Id}.", black.DocumentNo, null)],
                };
                try
                {
                    await entries.UpdateAsync(stored with { Entry = endedRed }, cancellationToken);
                }
                catch (ListEntryConflictException) when (attempt < 3)
                {
                    // Repaired or expired meanwhile: read the partition again.
                    conflict = true;
                    continue;
                }

                await publicLists.RemoveAsync(ListTypes.Red, red.Uscc, red.Id, cancellationToken);
                ended++;
            }

            if (!conflict)
            {
                return ended;
            }
        }
    }

    private static PublicListItem PublicItem(ListEntry entry, EnterpriseProfile? profile)
    {
        var county = profile?.County ?? (Uscc.TryParse(entry.Uscc, out var u, out _) ? Counties.FromUscc(u) : null);
        return new PublicListItem(entry.Uscc, profile?.Name, county, Counties.NameOf(county), entry.Id, entry.Reason, entry.Authority, entry.DocumentNo, entry.DecidedOn, entry.ExpiresOn);
    }

    private Task RequestGradeAsync(IReadOnlyList<string> usccs, string reason, CancellationToken cancellationToken)
        => gradeRequests.EnqueueAsync(new GradeRequestMessage(usccs, reason, clock.GetUtcNow()), cancellationToken);
}
