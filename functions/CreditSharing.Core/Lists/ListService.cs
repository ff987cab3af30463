using System.Globalization;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Records;
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
    ProviderGate providers,
    Objections.Disputes? disputes = null,
    Webhooks.WebhookEvents? webhooks = null) : Records.IRecordDependents
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

        // The first write stores the entry pending; its follow-ups (red entries ended under a black
        // one, the public list, the representative index, the re-grade) come after, and only then is
        // the flag cleared. A retry or the daily run finishes what a failure left.
        var added = await entries.TryAddAsync(entry, cancellationToken);
        if (added.Added)
        {
            await CompleteAsync(new StoredListEntry(entry, added.Version, ListDecisions.Listed), previousListType: null, "list-entry", cancellationToken);
            return CommandResult<ListEntryReceipt>.Ok(new ListEntryReceipt(entry.Id, entry.Uscc, Created: true));
        }

        if (!string.Equals(added.Uscc, entry.Uscc, StringComparison.Ordinal))
        {
            return CommandResult<ListEntryReceipt>.Conflict(
                $"This provider's sourceId {entry.SourceId} is entry {entry.Id} of enterprise {added.Uscc}: a correction cannot move an entry to another enterprise. Withdraw it and send the decision with a new sourceId.",
                new Dictionary<string, object?> { ["entryId"] = entry.Id, ["uscc"] = added.Uscc });
        }

        return await ResendAsync(entry, providerId, cancellationToken);
    }

    /// <summary>
    /// (provider, sourceId) names the entry. Sent again unchanged, nothing changes (a half-done first
    /// delivery is finished and answers 201); with changed fields it is a correction: the fields are
    /// replaced, <c>revision</c> + 1, and a <c>corrected</c> history event keeps the values replaced.
    /// A withdrawn entry stays withdrawn.
    /// </summary>
    private async Task<CommandResult<ListEntryReceipt>> ResendAsync(ListEntry sent, string providerId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await entries.GetAsync(sent.Uscc, sent.Id, cancellationToken);
            if (stored is null)
            {
                return CommandResult<ListEntryReceipt>.Conflict("The entry changed meanwhile; send it again.");
            }

            var current = stored.Entry;
            var firstDelivery = stored.Pending == ListDecisions.Listed;
            var changes = Changes(current, sent);
            if (current.Withdrawn is { } withdrawal)
            {
                if (stored.Pending is not null)
                {
                    await CompleteAsync(stored, previousListType: null, "list-withdrawal", cancellationToken);
                }

                return changes.Count == 0
                    ? CommandResult<ListEntryReceipt>.Ok(new ListEntryReceipt(current.Id, current.Uscc, Created: false, current.Revision))
                    : CommandResult<ListEntryReceipt>.Conflict(
                        $"Entry {current.Id} was withdrawn on {withdrawal.At.ToOffset(CityClock.Offset):yyyy-MM-dd} and cannot be corrected: send a new decision with a new sourceId.",
                        new Dictionary<string, object?> { ["entryId"] = current.Id });
            }

            if (changes.Count == 0)
            {
                if (stored.Pending is not null)
                {
                    await CompleteAsync(stored, previousListType: null, "list-entry", cancellationToken);
                }
                else if (await EndRedEntriesUnderBlackAsync(current.Uscc, cancellationToken) > 0)
                {
                    // An entry stored before decisions kept their pending flag: a black entry whose
                    // first delivery was cut short still ends the red entries it ends.
                    await RequestGradeAsync([current.Uscc], "list-entry", cancellationToken);
                }

                return CommandResult<ListEntryReceipt>.Ok(new ListEntryReceipt(current.Id, current.Uscc, Created: firstDelivery, current.Revision));
            }

            var corrected = current with
            {
                ListType = sent.ListType,
                Reason = sent.Reason,
                Authority = sent.Authority,
                AuthorityUscc = sent.AuthorityUscc,
                DocumentNo = sent.DocumentNo,
                DecidedOn = sent.DecidedOn,
                ExpiresOn = sent.ExpiresOn,
                LegalRepresentativeIncluded = sent.LegalRepresentativeIncluded,
                BasisRecordIds = sent.BasisRecordIds,
                Revision = current.Revision + 1,
                History =
                [
                    .. current.History,
                    new ListEntryEvent(
                        ListDecisions.Corrected, clock.GetUtcNow(), providerId,
                        $"Revision {current.Revision + 1} corrects {string.Join(", ", changes.Keys)}.", sent.DocumentNo, null, changes),
                ],
            };
            string version;
            try
            {
                version = await entries.UpdateAsync(stored with { Entry = corrected, Pending = ListDecisions.Corrected }, cancellationToken);
            }
            catch (ListEntryConflictException) when (attempt < 3)
            {
                continue;
            }
            catch (ListEntryConflictException)
            {
                return CommandResult<ListEntryReceipt>.Conflict("The entry changed meanwhile; send it again.");
            }

            await CompleteAsync(new StoredListEntry(corrected, version, ListDecisions.Corrected), current.ListType, "list-correction", cancellationToken);
            return CommandResult<ListEntryReceipt>.Ok(new ListEntryReceipt(corrected.Id, corrected.Uscc, Created: firstDelivery, corrected.Revision));
        }
    }

    /// <summary>The fields a resend changes, each with the value it replaces (as the API writes it).</summary>
    private static Dictionary<string, string?> Changes(ListEntry current, ListEntry sent)
    {
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        void Compare(string field, string? before, string? after)
        {
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                changes[field] = before;
            }
        }

        Compare("listType", current.ListType, sent.ListType);
        Compare("reason", current.Reason, sent.Reason);
        Compare("authority", current.Authority, sent.Authority);
        Compare("authorityUscc", current.AuthorityUscc, sent.AuthorityUscc);
        Compare("documentNo", current.DocumentNo, sent.DocumentNo);
        Compare("decidedOn", Day(current.DecidedOn), Day(sent.DecidedOn));
        Compare("expiresOn", Day(current.ExpiresOn), Day(sent.ExpiresOn));
        Compare("legalRepresentativeIncluded", current.LegalRepresentativeIncluded ? "true" : "false", sent.LegalRepresentativeIncluded ? "true" : "false");
        Compare("basisRecordIds", Basis(current), Basis(sent));
        return changes;

        static string? Basis(ListEntry e) => e.BasisRecordIds is { Count: > 0 } ids ? string.Join(",", ids) : null;
    }

    /// <summary>
    /// 信用修复: ends an entry early; a black entry only after its minimum period. By the entry's
    /// deciding provider or a Regulator (谁认定、谁修复), with what the 2026 rules require
    /// (<see cref="Repairs"/>).
    /// </summary>
    public async Task<CommandResult<ListEntry>> RepairAsync(string routeUscc, string entryId, RepairInput? input, string by, bool asRegulator, CancellationToken cancellationToken)
    {
        if ((await providers.CheckAsync(by, asRegulator, cancellationToken)).Refused is { } unregistered)
        {
            return CommandResult<ListEntry>.Forbidden(unregistered);
        }

        var check = Repairs.Check(input, CityClock.Today(clock));
        var errors = check.Invalid;
        if (!Uscc.TryParse(routeUscc, out var uscc, out var usccError))
        {
            errors.Add("uscc", usccError);
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<ListEntry>.Invalid(errors);
        }

        if (check.Value is not { } repair)
        {
            return CommandResult<ListEntry>.Unprocessable(check.Missing);
        }

        var stored = await entries.GetAsync(uscc.Value, entryId, cancellationToken);
        if (stored is null)
        {
            return CommandResult<ListEntry>.NotFound($"{uscc.Value} has no list entry {entryId}.");
        }

        var entry = stored.Entry;
        if (!asRegulator && entry.ProviderId != by)
        {
            return CommandResult<ListEntry>.Forbidden($"Only the entry's deciding provider ({entry.ProviderId}) or a Regulator may repair it (谁认定、谁修复).");
        }

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
            History = [.. entry.History, new ListEntryEvent("repaired", clock.GetUtcNow(), by, repair.Reason, repair.DocumentNo, repair.Commitment, ObligationsFulfilled: repair.ObligationsFulfilled, Evidence: repair.Evidence)],
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
    /// entry. It ends that day (an entry already ended keeps its end day), carries <c>withdrawn</c>,
    /// leaves the public lists and the next snapshot at once and stays in history. A retry of a
    /// withdrawal whose follow-ups were cut short finishes them; a second withdrawal answers 409.
    /// </summary>
    public async Task<CommandResult<ListEntry>> WithdrawAsync(string routeUscc, string entryId, WithdrawalInput? input, string by, bool asRegulator, CancellationToken cancellationToken)
    {
        if ((await providers.CheckAsync(by, asRegulator, cancellationToken)).Refused is { } unregistered)
        {
            return CommandResult<ListEntry>.Forbidden(unregistered);
        }

        var errors = input is null ? FieldErrors.Of("body", "A withdrawal {reason, documentNo?} is required.") : input.Errors();
        if (!Uscc.TryParse(routeUscc, out var uscc, out var usccError))
        {
            errors.Add("uscc", usccError);
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<ListEntry>.Invalid(errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            var stored = await entries.GetAsync(uscc.Value, entryId, cancellationToken);
            if (stored is null)
            {
                return CommandResult<ListEntry>.NotFound($"{uscc.Value} has no list entry {entryId}.");
            }

            var entry = stored.Entry;
            if (!asRegulator && !string.Equals(entry.ProviderId, by, StringComparison.Ordinal))
            {
                return CommandResult<ListEntry>.Forbidden("Only the provider that decided the entry, or a Regulator, may withdraw it.");
            }

            if (entry.Withdrawn is { } earlier)
            {
                if (stored.Pending == ListDecisions.Withdrawn)
                {
                    await CompleteAsync(stored, previousListType: null, "list-withdrawal", cancellationToken);
                    return CommandResult<ListEntry>.Ok(entry);
                }

                return CommandResult<ListEntry>.Conflict(
                    $"The entry was withdrawn on {earlier.At.ToOffset(CityClock.Offset):yyyy-MM-dd} by {earlier.By}.",
                    new Dictionary<string, object?> { ["withdrawnAt"] = earlier.At });
            }

            var now = clock.GetUtcNow();
            var reason = input!.Reason!.Trim();
            var documentNo = string.IsNullOrWhiteSpace(input.DocumentNo) ? null : input.DocumentNo.Trim();
            var withdrawn = entry with
            {
                EndedOn = entry.EndedOn ?? CityClock.Today(clock),
                EndReason = ListDecisions.Withdrawn,
                Withdrawn = new Withdrawal(now, by, reason, documentNo),
                History = [.. entry.History, new ListEntryEvent(ListDecisions.Withdrawn, now, by, reason, documentNo, null)],
            };
            string version;
            try
            {
                version = await entries.UpdateAsync(stored with { Entry = withdrawn, Pending = ListDecisions.Withdrawn }, cancellationToken);
            }
            catch (ListEntryConflictException) when (attempt < 3)
            {
                continue;
            }
            catch (ListEntryConflictException)
            {
                return CommandResult<ListEntry>.Conflict("The entry changed meanwhile; read it again.");
            }

            await CompleteAsync(new StoredListEntry(withdrawn, version, ListDecisions.Withdrawn), previousListType: null, "list-withdrawal", cancellationToken);
            return CommandResult<ListEntry>.Ok(withdrawn);
        }
    }

    /// <summary>
    /// Ends the enterprise's active entries that name <paramref name="recordId"/> in <c>basisRecordIds</c>
    /// (its penalty was repaired or withdrawn): <c>endedOn</c> today, <c>endReason</c> and a history
    /// event <paramref name="endReason"/>; they leave the public lists and the grade is asked for again.
    /// Answers how many ended.
    /// </summary>
    public async Task<int> EndOnBasisAsync(string uscc, string recordId, string endReason, string by, CancellationToken cancellationToken)
    {
        if (!Uscc.TryParse(uscc, out var parsed, out var error))
        {
            throw new ArgumentException(error, nameof(uscc));
        }

        if (!RecordId.IsWellFormed(recordId))
        {
            return 0;
        }

        var today = CityClock.Today(clock);
        var ended = 0;
        for (var attempt = 1; ; attempt++)
        {
            var conflict = false;
            foreach (var stored in await entries.ListAsync(parsed.Value, cancellationToken))
            {
                var entry = stored.Entry;
                if (!entry.IsActiveOn(today) || entry.BasisRecordIds?.Contains(recordId, StringComparer.Ordinal) != true)
                {
                    continue;
                }

                var now = clock.GetUtcNow();
                var endedEntry = entry with
                {
                    EndedOn = today,
                    EndReason = endReason,
                    History = [.. entry.History, new ListEntryEvent(endReason, now, by, $"Its basis record {recordId} no longer stands ({endReason}).", null, null)],
                };
                string version;
                try
                {
                    version = await entries.UpdateAsync(stored with { Entry = endedEntry, Pending = endReason }, cancellationToken);
                }
                catch (ListEntryConflictException) when (attempt < 3)
                {
                    conflict = true;
                    continue;
                }

                await CompleteAsync(new StoredListEntry(endedEntry, version, endReason), previousListType: null, "list-basis-ended", cancellationToken);
                ended++;
            }

            if (!conflict)
            {
                return ended;
            }
        }
    }

    public async Task<QueryResult<IReadOnlyList<ListEntry>>> ListAsync(string? routeUscc, CancellationToken cancellationToken)
    {
        if (!Uscc.TryParse(routeUscc, out var uscc, out var error))
        {
            return QueryResult<IReadOnlyList<ListEntry>>.Invalid(FieldErrors.Of("uscc", error));
        }

        var all = await entries.ListAsync(uscc.Value, cancellationToken);
        var disputed = all.Count == 0 || disputes is null ? Objections.DisputedTargets.None : await disputes.OfAsync(uscc.Value, cancellationToken);
        return QueryResult<IReadOnlyList<ListEntry>>.Ok(all.Select(e => e.Entry with { Disputed = disputed.ListEntries.Contains(e.Entry.Id) }).OrderByDescending(e => e.DecidedOn).ThenBy(e => e.Id, StringComparer.Ordinal).ToList());
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
        var seen = new HashSet<(string, string)>();
        var hits = new List<RepresentativeIndexEntry>();
        foreach (var idHash in hasher.Candidates(normalized))
        {
            // During a key rotation a row is under the current hash or still under the previous one.
            hits.AddRange((await representatives.FindAsync(idHash, cancellationToken)).Where(hit => seen.Add((hit.Uscc, hit.EntryId))));
        }

        foreach (var hit in hits)
        {
            var stored = await entries.GetAsync(hit.Uscc, hit.EntryId, cancellationToken);
            if (stored is not null && stored.Entry.LegalRepresentativeIncluded && stored.Entry.IsActiveOn(today))
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

    /// <summary>
    /// The daily run (红黑榜发布): ends expired entries, re-grades their enterprises, completes the
    /// decisions left pending, rebuilds <c>PublicLists</c> from <c>ListEntries</c> (every active red
    /// and black entry present with its current fields, every other row removed) and publishes both
    /// lists. The report counts what it had to mend.
    /// </summary>
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

        var mends = await ReconcileAsync(today, cancellationToken);

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

        return new PublishReport(today, expired.Count, counts[ListTypes.Red], counts[ListTypes.Black], mends);
    }

    /// <summary>
    /// One scan of every entry: pending decisions are completed, and the active red and black entries
    /// are the public lists as they must be. A row that disagrees is mended only after a point read of
    /// its entry confirms it, so a decision made during the scan is never undone.
    /// </summary>
    private async Task<PublishMends> ReconcileAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var pendingCompleted = 0;
        var active = new Dictionary<(string ListType, string Key), ListEntry>();
        await foreach (var stored in entries.AllAsync(cancellationToken))
        {
            if (stored.Pending is not null)
            {
                await CompleteAsync(stored, previousListType: null, "list-reconcile", cancellationToken);
                pendingCompleted++;
            }

            var entry = stored.Entry;
            if (ListTypes.IsPublic(entry.ListType) && entry.IsActiveOn(today))
            {
                active[(entry.ListType, RowKey(entry.Uscc, entry.Id))] = entry;
            }
        }

        int added = 0, removed = 0, updated = 0;
        foreach (var listType in new[] { ListTypes.Red, ListTypes.Black })
        {
            var rows = new Dictionary<string, PublicListItem>(StringComparer.Ordinal);
            await foreach (var item in publicLists.AllAsync(listType, cancellationToken))
            {
                rows[RowKey(item.Uscc, item.EntryId)] = item;
            }

            foreach (var (key, row) in rows)
            {
                if (!active.ContainsKey((listType, key)) && await ConfirmedAsync(row.Uscc, row.EntryId, listType, today, cancellationToken) is null)
                {
                    await publicLists.RemoveAsync(listType, row.Uscc, row.EntryId, cancellationToken);
                    removed++;
                }
            }

            foreach (var ((type, key), entry) in active)
            {
                var missing = !rows.TryGetValue(key, out var row);
                if (type != listType || (!missing && SameFields(row!, entry)))
                {
                    continue;
                }

                if (await ConfirmedAsync(entry.Uscc, entry.Id, listType, today, cancellationToken) is { } current)
                {
                    var profile = (await enterprises.GetAsync(current.Uscc, cancellationToken))?.Profile;
                    await publicLists.PutAsync(listType, PublicItem(current, profile), cancellationToken);
                    if (missing)
                    {
                        added++;
                    }
                    else
                    {
                        updated++;
                    }
                }
            }
        }

        return new PublishMends(added, removed, updated, pendingCompleted);
    }

    /// <summary>The entry as stored now, when it is active today on <paramref name="listType"/>; otherwise null.</summary>
    private async Task<ListEntry?> ConfirmedAsync(string uscc, string entryId, string listType, DateOnly today, CancellationToken cancellationToken)
    {
        var stored = await entries.GetAsync(uscc, entryId, cancellationToken);
        return stored?.Entry is { } entry && entry.ListType == listType && entry.IsActiveOn(today) ? entry : null;
    }

    private static bool SameFields(PublicListItem row, ListEntry entry)
        => row.Reason == entry.Reason && row.Authority == entry.Authority && row.DocumentNo == entry.DocumentNo
            && row.DecidedOn == entry.DecidedOn && row.ExpiresOn == entry.ExpiresOn;

    private static string RowKey(string uscc, string entryId) => $"{uscc}~{entryId}";

    /// <summary>
    /// The follow-ups of a decision, each safe to run again: red entries end under an active black
    /// one; the public list row is written when the entry is active on a public list and removed
    /// otherwise (from its former list too, after a correction of the list type); the representative
    /// index row is written; the grade is asked for. Then the pending flag is cleared, unless the
    /// entry changed meanwhile: its newer writer owns the flag (or the daily run completes it).
    /// </summary>
    private async Task CompleteAsync(StoredListEntry stored, string? previousListType, string gradeReason, CancellationToken cancellationToken)
    {
        var entry = stored.Entry;
        var today = CityClock.Today(clock);
        if (entry.ListType is ListTypes.Red or ListTypes.Black && await EndRedEntriesUnderBlackAsync(entry.Uscc, cancellationToken) > 0)
        {
            stored = await entries.GetAsync(entry.Uscc, entry.Id, cancellationToken) ?? stored;
            entry = stored.Entry;
        }

        var profile = (await enterprises.GetAsync(entry.Uscc, cancellationToken))?.Profile;
        if (ListTypes.IsPublic(entry.ListType) && entry.IsActiveOn(today))
        {
            await publicLists.PutAsync(entry.ListType, PublicItem(entry, profile), cancellationToken);
        }
        else
        {
            await publicLists.RemoveAsync(entry.ListType, entry.Uscc, entry.Id, cancellationToken);
        }

        if (previousListType is not null && previousListType != entry.ListType)
        {
            await publicLists.RemoveAsync(previousListType, entry.Uscc, entry.Id, cancellationToken);
        }

        if (entry.LegalRepresentativeIncluded && entry.IsActiveOn(today) && profile?.LegalRepresentative is { } representative)
        {
            await representatives.AddAsync(
                hasher.Hash(representative.IdNumber),
                representative.IdNumber,
                new RepresentativeIndexEntry(entry.Uscc, entry.Id, profile.Name, representative.Name, IdNumber.Mask(representative.IdNumber)),
                cancellationToken);
        }

        await RequestGradeAsync([entry.Uscc], gradeReason, cancellationToken);

        // Before the pending flag clears: a retry that completes the decision raises it again (receivers deduplicate by entry and revision).
        if (webhooks is not null && stored.Pending is not null)
        {
            await webhooks.RaiseAsync(
                Webhooks.WebhookEventTypes.ListChanged,
                entry.Uscc,
                entry.ProviderId,
                new { entryId = entry.Id, listType = entry.ListType, decision = stored.Pending, active = entry.IsActiveOn(today), revision = entry.Revision, decidedOn = entry.DecidedOn, expiresOn = entry.ExpiresOn, endedOn = entry.EndedOn },
                cancellationToken);
        }

        if (stored.Pending is not null)
        {
            try
            {
                await entries.UpdateAsync(stored with { Pending = null }, cancellationToken);
            }
            catch (ListEntryConflictException)
            {
                // Changed meanwhile: whoever changed it completes its own decision.
            }
        }
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

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task RequestGradeAsync(IReadOnlyList<string> usccs, string reason, CancellationToken cancellationToken)
        => gradeRequests.EnqueueAsync(new GradeRequestMessage(usccs, reason, clock.GetUtcNow()), cancellationToken);
}

