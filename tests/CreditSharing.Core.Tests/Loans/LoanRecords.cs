using CreditSharing.Core.Records;

namespace CreditSharing.Core.Tests.Loans;

/// <summary>Records of one category and qualifier, as the loan tests need them; the rest is fixed.</summary>
internal static class LoanRecords
{
    public const string Uscc = "91411721MA95XDFT69";

    public static CreditRecord Penalty(string sourceId, DateOnly on, string severity) => Of(sourceId, RecordCategories.Penalty, on, severity: severity);

    public static CreditRecord TaxRating(string sourceId, DateOnly on, string rating) => Of(sourceId, RecordCategories.TaxRating, on, rating: rating);

    public static CreditRecord WithOutcome(string sourceId, string category, DateOnly on, string outcome) => Of(sourceId, category, on, outcome: outcome);

    public static CreditRecord Honour(string sourceId, DateOnly on) => Of(sourceId, RecordCategories.Honour, on);

    // Each record its own decision: a document number of its own (records sharing one are one decision, see Decisions).
    private static CreditRecord Of(string sourceId, string category, DateOnly on, string? severity = null, string? rating = null, string? outcome = null) => new(
        "dept-1", sourceId, Uscc, category, "记录", null, on, $"驻某罚〔{on.Year}〕{sourceId}号", "驻马店市某局", null, null, severity, outcome, rating, null, null, "public");
}
