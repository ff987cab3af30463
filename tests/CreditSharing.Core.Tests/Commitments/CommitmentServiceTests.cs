using CreditSharing.Core.Commitments;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Tests.Grading;
using CreditSharing.Core.Tests.Records;

namespace CreditSharing.Core.Tests.Commitments;

public sealed class CommitmentServiceTests
{
    private const string Uscc = "91411702MA6ULN0X2U";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly CommitmentActor Enterprise = new("ent", false, [Uscc]);

    private readonly MemoryCommitmentStore store = new();
    private readonly MemoryRecordStore records = new();
    private readonly RecordingGradeRequestQueue queue = new();

    private CommitmentService Service() => new(store, records, queue, CreditRules.Default, new FixedTimeProvider(Now));

    private static CommitmentInput Input(string? kind = CommitmentKinds.Voluntary, string? text = "依法诚信经营", string? dueOn = null, string? licence = null, string? uscc = Uscc, bool? isPublic = null)
        => new(uscc, kind, text, dueOn, licence, isPublic);

    [Theory]
    [InlineData("uscc", null, "主动承诺", "t", null)]
    [InlineData("kind", Uscc, "口头承诺", "t", null)]
    [InlineData("text", Uscc, "主动承诺", "  ", null)]
    [InlineData("text", Uscc, "主动承诺", "bad\u0007bell", null)]
    [InlineData("dueOn", Uscc, "主动承诺", "t", "2026-05-31")]
    [InlineData("dueOn", Uscc, "主动承诺", "t", "31/12/2026")]
    [InlineData("licenceRecordId", Uscc, "告知承诺", "t", null)]
    public async Task Invalid_input_is_refused_naming_the_field_and_stores_nothing(string field, string? uscc, string kind, string text, string? dueOn)
    {
        var result = await Service().FileAsync(Input(kind, text, dueOn, uscc: uscc), Enterprise, TestContext.Current.CancellationToken);

        Assert.Contains(field, result.Errors!.ToDictionary().Keys);
        Assert.Empty(await store.ListAsync(Uscc, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Overlong_text_is_refused()
    {
        var result = await Service().FileAsync(Input(text: new string('承', CommitmentService.MaxTextLength + 1)), Enterprise, TestContext.Current.CancellationToken);

        Assert.Contains("text", result.Errors!.ToDictionary().Keys);
    }

    [Fact]
    public async Task A_notification_commitment_needs_a_license_record_of_the_enterprise()
    {
        var penalty = SampleRecords.Penalty(Uscc, "p1");
        records.Add(new StoredRecord(penalty, 1, Now, Now, "h", null));

        var result = await Service().FileAsync(Input(CommitmentKinds.Notification, licence: penalty.Id), Enterprise, TestContext.Current.CancellationToken);

        Assert.Contains("licenceRecordId", result.Errors!.ToDictionary().Keys);
    }

    [Fact]
    public async Task A_notification_commitment_on_a_license_is_filed_public_and_active()
    {
        var license = SampleRecords.Penalty(Uscc, "l1") with { Category = RecordCategories.License, Severity = null, Outcome = "granted" };
        records.Add(new StoredRecord(license, 1, Now, Now, "h", null));

        var result = await Service().FileAsync(Input(CommitmentKinds.Notification, dueOn: "2026-12-31", licence: license.Id), Enterprise, TestContext.Current.CancellationToken);

        Assert.Equal((CommitmentStatuses.Active, true, license.Id), (result.Value!.Status, result.Value.Public, result.Value.LicenceRecordId));
        Assert.Single(queue.Messages);
    }

    [Fact]
    public async Task An_industry_commitment_is_not_public_unless_asked()
    {
        var service = Service();

        var quiet = await service.FileAsync(Input(CommitmentKinds.Industry), Enterprise, TestContext.Current.CancellationToken);
        var shown = await service.FileAsync(Input(CommitmentKinds.Industry, isPublic: true), Enterprise, TestContext.Current.CancellationToken);

        Assert.Equal((false, true), (quiet.Value!.Public, shown.Value!.Public));
        Assert.Single(await service.PublicAsync(Uscc, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Another_enterprise_is_forbidden()
    {
        var other = new CommitmentActor("other", false, ["91411721MA95XDFT69"]);

        var result = await Service().FileAsync(Input(), other, TestContext.Current.CancellationToken);

        Assert.NotNull(result.ForbiddenDetail);
    }
}
