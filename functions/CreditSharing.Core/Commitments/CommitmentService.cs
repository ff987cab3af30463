using System.Globalization;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Objections;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Commitments;

/// <summary>
/// 信用承诺 (docs/commitments.md): an enterprise, or a Regulator on its behalf, files a commitment;
/// its status is derived from the enterprise's counting penalty records (<see cref="CommitmentBreaches"/>),
/// one partition read per enterprise.
/// </summary>
public sealed class CommitmentService(ICommitmentStore store, IRecordStore records, IGradeRequestQueue gradeRequests, CreditRules rules, TimeProvider clock)
{
    public const int MaxTextLength = 2_000;

    /// <summary>A rules file without a <c>commitments</c> section publishes by the national default and counts no breach.</summary>
    private CommitmentRules Rules => rules.Commitments ?? new CommitmentRules([CommitmentKinds.Notification, CommitmentKinds.Voluntary], 0, null, null);

    public async Task<CommandResult<CommitmentView>> FileAsync(CommitmentInput? input, CommitmentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new FieldErrors();
        var today = CityClock.Today(clock);
        Uscc.TryParse(input?.Uscc, out var uscc, out var usccError);
        if (uscc.IsEmpty)
        {
            errors.Add("uscc", usccError);
        }

        var kind = input?.Kind?.Trim();
        if (kind is null || !CommitmentKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            errors.Add("kind", $"kind is one of {string.Join(", ", CommitmentKinds.All)}.");
        }

        var text = string.IsNullOrWhiteSpace(input?.Text) ? null : input.Text.Trim();
        if (text is null)
        {
            errors.Add("text", "text (what is committed) is required.");
        }
        else if (text.Length > MaxTextLength)
        {
            errors.Add("text", $"text has at most {MaxTextLength:N0} characters.");
        }
        else
        {
            PlainText.Check(text, "text", errors, multiline: true);
        }

        DateOnly? dueOn = null;
        if (!string.IsNullOrWhiteSpace(input?.DueOn))
        {
            if (!DateOnly.TryParseExact(input.DueOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due))
            {
                errors.Add("dueOn", "dueOn is a date, yyyy-MM-dd.");
            }
            else if (due < today)
            {
                errors.Add("dueOn", $"dueOn {due:yyyy-MM-dd} is in the past (today is {today:yyyy-MM-dd}).");
            }
            else
            {
                dueOn = due;
            }
        }

        var licence = string.IsNullOrWhiteSpace(input?.LicenceRecordId) ? null : input.LicenceRecordId.Trim();
        if (licence is not null && !RecordId.IsWellFormed(licence))
        {
            errors.Add("licenceRecordId", "licenceRecordId is the id of a license record ({providerId}~{sourceId}).");
        }
        else if (licence is null && kind == CommitmentKinds.Notification)
        {
            errors.Add("licenceRecordId", "A 告知承诺 is signed for a 行政许可 under 告知承诺制: licenceRecordId names that license record.");
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<CommitmentView>.Invalid(errors);
        }

        if (!actor.IsRegulator && !actor.IsEnterprise(uscc.Value))
        {
            return CommandResult<CommitmentView>.Forbidden($"An enterprise files commitments for itself only; {uscc.Value} is not the caller's enterprise.");
        }

        if (licence is not null)
        {
            var found = await records.GetAsync(uscc.Value, [licence], cancellationToken);
            if (!found.TryGetValue(licence, out var record) || record.Withdrawn is not null || record.Record.Category != RecordCategories.License)
            {
                return CommandResult<CommitmentView>.Invalid(FieldErrors.Of("licenceRecordId", $"{uscc.Value} has no license record {licence} in force."));
            }
        }

        var now = clock.GetUtcNow();
        var commitment = new Commitment(
            CommitmentId.New(uscc.Value), uscc.Value, kind!, text!, now, today, dueOn, licence,
            input!.Public ?? CommitmentKinds.PublicByDefault(kind!, Rules), actor.Id);
        await store.AddAsync(commitment, cancellationToken);

        // Filing never breaches by an earlier decision, but a penalty dated ahead of today could already be stored.
        await gradeRequests.EnqueueAsync(new GradeRequestMessage([uscc.Value], "commitment-filed", now), cancellationToken);
        return CommandResult<CommitmentView>.Ok(CommitmentBreaches.View(commitment, await records.ReadAsync(uscc.Value, today, cancellationToken), today));
    }

    public async Task<CommandResult<CommitmentView>> GetAsync(string commitmentId, CommitmentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!CommitmentId.TryParse(commitmentId, out var uscc))
        {
            return CommandResult<CommitmentView>.NotFound($"No commitment {commitmentId} exists.");
        }

        // The id names its enterprise, so another enterprise is refused before anything is read (no existence leak).
        if (!actor.IsRegulator && !actor.IsEnterprise(uscc))
        {
            return CommandResult<CommitmentView>.Forbidden("A commitment is read by its enterprise and Regulators.");
        }

        var commitment = await store.GetAsync(uscc, commitmentId, cancellationToken);
        if (commitment is null)
        {
            return CommandResult<CommitmentView>.NotFound($"No commitment {commitmentId} exists.");
        }

        var today = CityClock.Today(clock);
        return CommandResult<CommitmentView>.Ok(CommitmentBreaches.View(commitment, await records.ReadAsync(uscc, today, cancellationToken), today));
    }

    public async Task<CommandResult<IReadOnlyList<CommitmentView>>> ListAsync(string? routeUscc, CommitmentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Uscc.TryParse(routeUscc, out var uscc, out var error))
        {
            return CommandResult<IReadOnlyList<CommitmentView>>.Invalid(FieldErrors.Of("uscc", error));
        }

        if (!actor.IsRegulator && !actor.IsEnterprise(uscc.Value))
        {
            return CommandResult<IReadOnlyList<CommitmentView>>.Forbidden("An enterprise reads its own commitments only.");
        }

        return CommandResult<IReadOnlyList<CommitmentView>>.Ok(await ViewsAsync(uscc.Value, cancellationToken));
    }

    /// <summary>The public commitments of an enterprise for its public page (no caller check: public information).</summary>
    public async Task<IReadOnlyList<PublicCommitment>> PublicAsync(string uscc, CancellationToken cancellationToken)
        => (await ViewsAsync(uscc, cancellationToken))
            .Where(v => v.Public)
            .Select(v => new PublicCommitment(v.Kind, v.Text, v.SignedAt, v.DueOn, v.Status))
            .ToList();

    private async Task<IReadOnlyList<CommitmentView>> ViewsAsync(string uscc, CancellationToken cancellationToken)
    {
        var today = CityClock.Today(clock);
        var commitmentsTask = store.ListAsync(uscc, cancellationToken);
        var countingTask = records.ReadAsync(uscc, today, cancellationToken);
        await Task.WhenAll(commitmentsTask, countingTask);
        var counting = await countingTask;
        if ((await commitmentsTask).Count == 0)
        {
            return [];
        }

        return (await commitmentsTask)
            .OrderByDescending(c => c.SignedAt)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => CommitmentBreaches.View(c, counting, today))
            .ToList();
    }
}

/// <summary>A commitment id is <c>{uscc}-{24 lower-case hex}</c> like an objection id: <c>GET /api/commitments/{id}</c> is one point read.</summary>
public static class CommitmentId
{
    public static string New(string uscc) => ObjectionId.New(uscc);

    public static bool TryParse(string? id, out string uscc) => ObjectionId.TryParse(id, out uscc);
}
