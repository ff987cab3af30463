using System.Security.Cryptography;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Protection;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Enterprises;

/// <summary>The enterprise registry: profiles written one at a time or in queued batches, read masked.</summary>
/// <remarks>
/// A queued batch carries each legal representative's ID number envelope-encrypted (bound to the
/// queue and the USCC), so neither the queue nor its poison queue holds it in clear; messages sent
/// before in clear still store.
/// </remarks>
public sealed class EnterpriseRegistry(IEnterpriseStore store, IEnterpriseRegistrationQueue queue, IGradeRequestQueue gradeRequests, TimeProvider clock, ProviderGate providers, EnvelopeProtector protector, Search.SearchIndexer? search = null)
{
    public const int MaxBatchSize = 1_000;


    /// <summary>
    /// Only a provider whose registry entry has <c>profiles: true</c> (the registration authority) or a
    /// Regulator creates or changes a profile (403 otherwise). The PUT is submitted at its request time:
    /// a profile submitted later and already stored is not overwritten (409).
    /// </summary>
    public async Task<PutEnterpriseResult> PutAsync(string routeUscc, EnterpriseInput? input, string callerId, bool asRegulator, CancellationToken cancellationToken)
    {
        if (await ProfilesRefusalAsync(callerId, asRegulator, cancellationToken) is { } refused)
        {
            return new PutEnterpriseResult.Forbidden(refused);
        }

        var (profile, errors) = EnterpriseValidator.Validate(input, routeUscc, CityClock.Today(clock));
        if (profile is null)
        {
            return new PutEnterpriseResult.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var outcome = await store.SaveAsync(profile, callerId, now, now, cancellationToken);
        await RequestGradeAsync([profile.Uscc], outcome, cancellationToken);
        var stored = await store.GetAsync(profile.Uscc, cancellationToken)
            ?? new StoredEnterprise(profile, now, callerId);
        await IndexAsync(stored, cancellationToken);
        return outcome == SaveOutcome.Stale
            ? new PutEnterpriseResult.Superseded(ToView(stored))
            : new PutEnterpriseResult.Saved(ToView(stored), outcome == SaveOutcome.Created);
    }

    private async Task<string?> ProfilesRefusalAsync(string callerId, bool asRegulator, CancellationToken cancellationToken)
    {
        var access = await providers.CheckAsync(callerId, asRegulator, cancellationToken);
        return access.Refused ?? access.ProfilesRefusal();
    }

    public async Task<GetEnterpriseResult> GetAsync(string routeUscc, CancellationToken cancellationToken)
    {
        if (!Uscc.TryParse(routeUscc, out var uscc, out var error))
        {
            return new GetEnterpriseResult.Invalid(FieldErrors.Of("uscc", error));
        }

        var stored = await store.GetAsync(uscc.Value, cancellationToken);
        return stored is null ? new GetEnterpriseResult.NotFound(uscc.Value) : new GetEnterpriseResult.Found(ToView(stored));
    }

    /// <summary>Validates each profile on its own; the valid ones go to the queue, the rest are reported by index. Who may: as <see cref="PutAsync"/> (403 for the whole batch).</summary>
    public async Task<CommandResult<BatchReceipt>> SubmitAsync(IReadOnlyList<EnterpriseInput?> inputs, IReadOnlyDictionary<int, FieldErrors> shapeErrors, string providerId, bool asRegulator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shapeErrors);
        if (await ProfilesRefusalAsync(providerId, asRegulator, cancellationToken) is { } refused)
        {
            return CommandResult<BatchReceipt>.Forbidden(refused);
        }

        var today = CityClock.Today(clock);
        var accepted = new List<EnterpriseProfile>(inputs.Count);
        var rejected = new List<RejectedItem>();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (shapeErrors.TryGetValue(i, out var shape))
            {
                rejected.Add(new RejectedItem(i, shape.ToDictionary()));
                continue;
            }

            var (profile, errors) = EnterpriseValidator.Validate(inputs[i], routeUscc: null, today);
            if (profile is null)
            {
                rejected.Add(new RejectedItem(i, errors.ToDictionary()));
            }
            else
            {
                accepted.Add(await SealAsync(profile, cancellationToken));
            }
        }

        var submissionId = Guid.NewGuid().ToString("N");
        var submittedAt = clock.GetUtcNow();
        // Packed by bytes, as records are: a profile with long names and a long business scope is
        // several KiB, so a count per message could exceed what the queue holds.
        foreach (var chunk in MessagePacking.Pack(accepted, MessagePacking.EnvelopeBytes(new EnterpriseRegistrationMessage(submissionId, providerId, submittedAt, []))))
        {
            await queue.EnqueueAsync(new EnterpriseRegistrationMessage(submissionId, providerId, submittedAt, chunk), cancellationToken);
        }

        return CommandResult<BatchReceipt>.Ok(new BatchReceipt(accepted.Count, rejected));
    }

    /// <summary>
    /// Stores a queued batch; a re-delivered message finds every profile unchanged and writes nothing,
    /// and a profile submitted before the stored one (a late delivery) is left out as stale.
    /// </summary>
    public async Task<IReadOnlyDictionary<SaveOutcome, int>> StoreAsync(EnterpriseRegistrationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var counts = new Dictionary<SaveOutcome, int> { [SaveOutcome.Created] = 0, [SaveOutcome.Updated] = 0, [SaveOutcome.Unchanged] = 0, [SaveOutcome.Stale] = 0 };
        var today = CityClock.Today(clock);
        var changed = new List<string>();
        foreach (var sealedProfile in message.Profiles)
        {
            var queued = await OpenAsync(sealedProfile, message.SubmissionId, cancellationToken);

            // A message is data from outside this process: validate again rather than trust it.
            var (profile, errors) = EnterpriseValidator.Validate(ToInput(queued), routeUscc: null, today);
            if (profile is null)
            {
                throw new InvalidMessageException($"Profile {queued.Uscc} in submission {message.SubmissionId} is invalid: {string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}");
            }

            var outcome = await store.SaveAsync(profile, message.ProviderId, message.SubmittedAt, message.SubmittedAt, cancellationToken);
            counts[outcome]++;

            // Unchanged too: a delivery retried after a failure between the save and the index heals it (reads only otherwise).
            if (search is not null && await store.GetAsync(profile.Uscc, cancellationToken) is { } stored)
            {
                await IndexAsync(stored, cancellationToken);
            }

            if (outcome is SaveOutcome.Created or SaveOutcome.Updated)
            {
                changed.Add(profile.Uscc);
            }
        }

        // A new name, county, industry or industry code refiles the enterprise's grade in the index.
        await RequestGradeAsync(changed, changed.Count > 0 ? SaveOutcome.Updated : SaveOutcome.Unchanged, cancellationToken);
        return counts;
    }

    /// <summary>The name search index (docs/search.md) follows every write: current and former names.</summary>
    private Task IndexAsync(StoredEnterprise stored, CancellationToken cancellationToken)
        => search is null ? Task.CompletedTask : search.IndexAsync(stored, cancellationToken);

    private Task RequestGradeAsync(IReadOnlyList<string> usccs, SaveOutcome outcome, CancellationToken cancellationToken)
        => outcome is SaveOutcome.Unchanged or SaveOutcome.Stale || usccs.Count == 0
            ? Task.CompletedTask
            : gradeRequests.EnqueueAsync(new GradeRequestMessage(usccs, "profile-changed", clock.GetUtcNow()), cancellationToken);

    public static EnterpriseView ToView(StoredEnterprise stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var p = stored.Profile;
        return new EnterpriseView(
            p.Uscc,
            p.Name,
            p.LegalRepresentative is { } rep ? new LegalRepresentativeView(rep.Name, IdNumber.Mask(rep.IdNumber)) : null,
            p.Industry,
            p.County,
            Counties.NameOf(p.County),
            p.RegisteredOn,
            stored.UpdatedAt,
            p.IndustryCode,
            IndustryCodes.NameOf(p.IndustryCode),
            stored.Former);
    }

    private static string QueueContext(string uscc) => $"enterprise-registrations/{uscc}";

    private async Task<EnterpriseProfile> SealAsync(EnterpriseProfile profile, CancellationToken cancellationToken)
        => profile.LegalRepresentative is { } rep
            ? profile with { LegalRepresentative = rep with { IdNumber = await protector.ProtectAsync(rep.IdNumber, QueueContext(profile.Uscc), cancellationToken) } }
            : profile;

    private async Task<EnterpriseProfile> OpenAsync(EnterpriseProfile queued, string submissionId, CancellationToken cancellationToken)
    {
        if (queued.LegalRepresentative is not { } rep || !EnvelopeProtector.IsProtected(rep.IdNumber))
        {
            return queued;
        }

        try
        {
            return queued with { LegalRepresentative = rep with { IdNumber = await protector.UnprotectAsync(rep.IdNumber, QueueContext(queued.Uscc), cancellationToken) } };
        }
        catch (CryptographicException ex)
        {
            throw new InvalidMessageException($"Profile {queued.Uscc} in submission {submissionId}: the ID number does not open ({ex.Message}).", ex);
        }
    }

    private static EnterpriseInput ToInput(EnterpriseProfile p) => new(
        p.Uscc,
        p.Name,
        p.LegalRepresentative is { } rep ? new LegalRepresentativeInput(rep.Name, rep.IdNumber) : null,
        p.Industry,
        p.County,
        p.RegisteredOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        p.IndustryCode);
}

public abstract record PutEnterpriseResult
{
    public sealed record Saved(EnterpriseView Enterprise, bool Created) : PutEnterpriseResult;

    public sealed record Invalid(FieldErrors Errors) : PutEnterpriseResult;

    /// <summary>The caller may not create or change profiles (provider registry): 403.</summary>
    public sealed record Forbidden(string Detail) : PutEnterpriseResult;

    /// <summary>A profile submitted after this request is already stored and stays: 409 with it.</summary>
    public sealed record Superseded(EnterpriseView Stored) : PutEnterpriseResult;
}

public abstract record GetEnterpriseResult
{
    public sealed record Found(EnterpriseView Enterprise) : GetEnterpriseResult;

    public sealed record NotFound(string Uscc) : GetEnterpriseResult;

    public sealed record Invalid(FieldErrors Errors) : GetEnterpriseResult;
}
