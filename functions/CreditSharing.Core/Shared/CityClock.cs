namespace CreditSharing.Core.Shared;

/// <summary>
/// Dates in this system are the city's calendar dates. China keeps UTC+8 all year (no daylight
/// saving), so a fixed offset is exact and needs no time-zone database on the host.
/// </summary>
public static class CityClock
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset Now(TimeProvider clock) => clock.GetUtcNow().ToOffset(Offset);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Now(clock).DateTime);
}
