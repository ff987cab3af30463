using CreditSharing.Core.Audit;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Audit;

public sealed class AuditTrailTests
{
    private const string Uscc = "91411702MA6ULN0X2U";
    private const string IdNumber = "411702198001011233";
    private static readonly DateTimeOffset Now = new(2027, 3, 10, 1, 0, 0, TimeSpan.Zero);

    private readonly MemoryAuditLog log = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WritesTheRowOfAnAuditedReadWithWhoWhatWhenAndWhy()
    {
        var trail = Trail();

        var result = await trail.ReadAsync(Read(reason: " 双随机 2027-03 "), _ => Task.FromResult(QueryResult<string>.Ok("data")), Ct);

        Assert.Equal("data", result.Value);
        var entry = Assert.Single(log.Entries);
        Assert.Equal(new AuditEntry(Now, "reg-1", "Regulator", AuditActions.RecordsRead, Uscc, null, "双随机 2027-03"), entry);
    }

    [Fact]
    public async Task NormalisesTheUsccOfTheRow()
    {
        await Trail().ReadAsync(Read(uscc: Uscc.ToLowerInvariant()), _ => Task.FromResult(QueryResult<string>.Ok("data")), Ct);

        Assert.Equal(Uscc, Assert.Single(log.Entries).Uscc);
    }

    [Fact]
    public async Task AuditsANotFoundReadButNotAnInvalidOne()
    {
        var trail = Trail();

        await trail.ReadAsync(Read(), _ => Task.FromResult(QueryResult<string>.NotFound("none")), Ct);
        await trail.ReadAsync(Read(), _ => Task.FromResult(QueryResult<string>.Invalid(FieldErrors.Of("uscc", "bad"))), Ct);

        Assert.Single(log.Entries);
    }

    [Fact]
    public async Task WritesNothingForAnUnauditedCaller()
    {
        var result = await Trail().ReadAsync<string>(null, _ => Task.FromResult(QueryResult<string>.Ok("data")), Ct);

        Assert.Equal("data", result.Value);
        Assert.Empty(log.Entries);
    }

    [Theory]
    [InlineData("case\u0000 12")]
    [InlineData("line\nbreak")]
    [InlineData("esc\u001b[31m")]
    public async Task RefusesAReasonWithControlCharactersBeforeReading(string reason)
    {
        var read = false;

        var result = await Trail().ReadAsync(Read(reason: reason), _ => { read = true; return Task.FromResult(QueryResult<string>.Ok("data")); }, Ct);

        Assert.False(read);
        Assert.Contains("reason", result.Errors!.ToDictionary().Keys);
        Assert.Empty(log.Entries);
    }

    [Fact]
    public async Task RefusesAReasonOverItsLengthAndAcceptsOneAtIt()
    {
        var trail = Trail();

        var over = await trail.ReadAsync(Read(reason: new string('x', AuditTrail.MaxReasonLength + 1)), _ => Task.FromResult(QueryResult<string>.Ok("data")), Ct);
        var at = await trail.ReadAsync(Read(reason: new string('x', AuditTrail.MaxReasonLength)), _ => Task.FromResult(QueryResult<string>.Ok("data")), Ct);

        Assert.Contains("reason", over.Errors!.ToDictionary().Keys);
        Assert.Equal("data", at.Value);
    }

    [Fact]
    public async Task FailsTheReadWhenItsRowCannotBeWritten()
    {
        log.Fail = true;

        await Assert.ThrowsAsync<AuditUnavailableException>(() => Trail().ReadAsync(Read(), _ => Task.FromResult(QueryResult<string>.Ok("data")), Ct));
    }

    [Fact]
    public void RecordsAMaskedNumberAndAHashPrefixForARepresentativeSearchNeverTheNumber()
    {
        var hasher = new IdentityHasher("0123456789abcdef0123456789abcdef"u8.ToArray());

        var target = Trail(hasher).RepresentativeTarget(IdNumber);

        Assert.Equal($"411702********1233 hmac:{hasher.Hash(IdNumber)[..16]}", target);
        Assert.DoesNotContain("19800101", target, StringComparison.Ordinal);
        Assert.Null(Trail().RepresentativeTarget("not-an-id"));
    }

    [Fact]
    public async Task ReadsTheDaysOfThePeriodNewestFirstWithItsFilters()
    {
        var reader = new RecordingReader();

        var result = await Trail(reader: reader).QueryAsync("reg-1", Uscc.ToLowerInvariant(), "2027-03-01", "2027-03-03", "20", null, Ct);

        Assert.NotNull(result.Value);
        Assert.Equal([new DateOnly(2027, 3, 3), new DateOnly(2027, 3, 2), new DateOnly(2027, 3, 1)], reader.Filter!.Days);
        Assert.Equal("reg-1", reader.Filter.Actor);
        Assert.Equal(Uscc, reader.Filter.Uscc);
        Assert.Equal(20, reader.Filter.PageSize);
    }

    [Fact]
    public async Task DefaultsToTheWeekUpToTodayInTheCity()
    {
        var reader = new RecordingReader();

        await Trail(reader: reader).QueryAsync(null, null, null, null, null, null, Ct);

        // 01:00 UTC on 10 March is 09:00 in the city.
        Assert.Equal(7, reader.Filter!.Days.Count);
        Assert.Equal(new DateOnly(2027, 3, 10), reader.Filter.Days[0]);
        Assert.Equal(new DateOnly(2027, 3, 4), reader.Filter.Days[^1]);
    }

    [Theory]
    [InlineData(null, null, "2027-02-30", null, null, null, "from")]
    [InlineData(null, null, "2027-03-05", "2027-03-01", null, null, "to")]
    [InlineData(null, null, "2027-01-01", "2027-03-01", null, null, "from")]
    [InlineData(null, "not-a-uscc", null, null, null, null, "uscc")]
    [InlineData("bad\u0001actor", null, null, null, null, null, "actor")]
    [InlineData(null, null, null, null, "0", null, "pageSize")]
    [InlineData(null, null, null, null, null, "forged", "continuationToken")]
    public async Task NamesTheInvalidQueryParameter(string? actor, string? uscc, string? from, string? to, string? pageSize, string? token, string field)
    {
        var reader = new RecordingReader();

        var result = await Trail(reader: reader).QueryAsync(actor, uscc, from, to, pageSize, token, Ct);

        Assert.Contains(field, result.Errors!.ToDictionary().Keys);
        Assert.Null(reader.Filter);
    }

    [Fact]
    public async Task AcceptsAPeriodOfThirtyOneDays()
    {
        var reader = new RecordingReader();

        var result = await Trail(reader: reader).QueryAsync(null, null, "2027-01-01", "2027-01-31", null, null, Ct);

        Assert.Null(result.Errors);
        Assert.Equal(31, reader.Filter!.Days.Count);
    }

    [Fact]
    public async Task ContinuesWhereThePreviousPageStoppedAndRefusesItsTokenForAnotherPeriod()
    {
        var reader = new RecordingReader { Next = new AuditPosition(new DateOnly(2027, 3, 2), "table-token") };
        var trail = Trail(reader: reader);
        var first = await trail.QueryAsync(null, null, "2027-03-01", "2027-03-03", null, null, Ct);
        var token = first.Value!.ContinuationToken;

        var second = await trail.QueryAsync(null, null, "2027-03-01", "2027-03-03", null, token, Ct);
        var elsewhere = await trail.QueryAsync(null, null, "2027-03-05", "2027-03-06", null, token, Ct);

        Assert.Equal(new AuditPosition(new DateOnly(2027, 3, 2), "table-token"), reader.Filter!.Start);
        Assert.Null(second.Errors);
        Assert.Contains("continuationToken", elsewhere.Errors!.ToDictionary().Keys);
    }

    private static AuditedRead Read(string? reason = null, string? uscc = Uscc)
        => new("reg-1", "Regulator", AuditActions.RecordsRead, uscc, null, reason);

    private AuditTrail Trail(IdentityHasher? hasher = null, IAuditReader? reader = null)
        => new(log, reader ?? new RecordingReader(), hasher ?? new IdentityHasher("0123456789abcdef0123456789abcdef"u8.ToArray()), new FixedTimeProvider(Now));

    private sealed class MemoryAuditLog : IAuditLog
    {
        public List<AuditEntry> Entries { get; } = [];

        public bool Fail { get; set; }

        public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new IOException("storage is down");
            }

            Entries.Add(entry);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingReader : IAuditReader
    {
        public AuditFilter? Filter { get; private set; }

        public AuditPosition? Next { get; init; }

        public Task<AuditSlice> ReadAsync(AuditFilter filter, CancellationToken cancellationToken)
        {
            Filter = filter;
            return Task.FromResult(new AuditSlice([], Next));
        }
    }
}
