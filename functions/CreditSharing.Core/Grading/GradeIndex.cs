using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Grading;

/// <summary>
/// The counties the grade index files enterprises under: the city itself (411700, 驻马店市本级), the
/// city's counties, and one more for enterprises registered elsewhere. The worker files by it; queries, the index's counters and
/// inspection plans filter by it.
/// </summary>
public static class GradeIndex
{
    /// <summary>County of the index for enterprises registered outside the city and its counties.</summary>
    public const string OtherCounty = "other";

    public static string IndexCounty(string? county) => county is not null && Counties.NameOf(county) is not null ? county : OtherCounty;
}
