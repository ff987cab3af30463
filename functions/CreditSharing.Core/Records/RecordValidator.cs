using System.Globalization;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Records;

public static class RecordValidator
{
    public const int MaxSourceIdLength = 100;
    public const int MaxTitleLength = 200;
    public const int MaxContentLength = 4_000;
    public const int MaxDocumentNoLength = 100;
    public const int MaxAuthorityLength = 200;
    public const int MaxLegalBasisLength = 2_000;
    public const decimal MaxAmount = 1_000_000_000_000m;

    public static (CreditRecord? Record, FieldErrors Errors) Validate(RecordInput? input, string providerId, DateOnly today)
    {
        var errors = new FieldErrors();
        if (input is null)
        {
            return (null, errors.Add("body", "A credit record is required."));
        }

        var sourceId = Text(input.SourceId, "sourceId", MaxSourceIdLength, required: true, errors, multiline: false);

        Uscc.TryParse(input.Uscc, out var uscc, out var usccError);
        if (uscc.IsEmpty)
        {
            errors.Add("uscc", usccError);
        }

        CategorySpec? spec = null;
        var category = input.Category?.Trim();
        if (string.IsNullOrEmpty(category))
        {
            errors.Add("category", "A category is required.");
        }
        else if (!RecordCategories.All.TryGetValue(category, out spec))
        {
            errors.Add("category", $"Unknown category {FieldErrors.Echo(category)}. Categories are {string.Join(", ", RecordCategories.All.Keys)}.");
        }

        var title = Text(input.Title, "title", MaxTitleLength, required: true, errors);
        var content = Text(input.Content, "content", MaxContentLength, required: false, errors);
        var documentNo = Text(input.DocumentNo, "documentNo", MaxDocumentNoLength, required: spec?.NeedsDocument ?? false, errors);
        var authority = Text(input.Authority, "authority", MaxAuthorityLength, required: true, errors);
        var legalBasis = Text(input.LegalBasis, "legalBasis", MaxLegalBasisLength, required: spec?.NeedsDocument ?? false, errors);

        var authorityUscc = OptionalUscc(input.AuthorityUscc, "authorityUscc", errors);

        var decisionDate = Date(input.DecisionDate, "decisionDate", required: true, errors);
        if (decisionDate > today)
        {
            errors.Add("decisionDate", "The decision date is in the future.");
        }

        var validUntil = Date(input.ValidUntil, "validUntil", required: false, errors);
        if (validUntil is not null && decisionDate is not null && validUntil < decisionDate)
        {
            errors.Add("validUntil", "Valid-until is before the decision date.");
        }

        var qualifiers = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [RecordCategories.Severity] = Blank(input.Severity),
            [RecordCategories.Rating] = Blank(input.Rating),
            [RecordCategories.Outcome] = Blank(input.Outcome),
        };
        var scheme = Blank(input.Scheme);
        if (spec is not null)
        {
            var allowed = spec.AllowedValues;
            if (spec.Schemes is null)
            {
                if (scheme is not null)
                {
                    errors.Add(RecordCategories.Scheme, $"A {spec.Name} record has no {RecordCategories.Scheme}.");
                }
            }
            else if (spec.Schemes.TryGetValue(scheme ?? string.Empty, out var schemeValues))
            {
                allowed = schemeValues;
            }
            else
            {
                errors.Add(RecordCategories.Scheme, $"{FieldErrors.Echo(scheme ?? string.Empty)} is not a {RecordCategories.Scheme} of a {spec.Name} record: leave it out, or {string.Join(" | ", spec.Schemes.Keys.Where(k => k.Length > 0))}.");
            }

            foreach (var (field, value) in qualifiers)
            {
                if (field == spec.QualifierField)
                {
                    var under = scheme is null || spec.Schemes is null ? string.Empty : $" under {RecordCategories.Scheme} {scheme}";
                    if (value is null)
                    {
                        errors.Add(field, $"A {spec.Name} record needs {field}{under}: {string.Join(" | ", allowed)}.");
                    }
                    else if (!allowed.Contains(value, StringComparer.Ordinal))
                    {
                        errors.Add(field, $"{FieldErrors.Echo(value)} is not a {field} of a {spec.Name} record{under}: {string.Join(" | ", allowed)}.");
                    }
                }
                else if (value is not null)
                {
                    errors.Add(field, $"A {spec.Name} record has no {field}.");
                }
            }
        }

        if (input.Amount is < 0 or > MaxAmount)
        {
            errors.Add("amount", "An amount is in yuan, from 0 to 1,000,000,000,000.");
        }

        var disclosure = input.Disclosure?.Trim();
        if (string.IsNullOrEmpty(disclosure))
        {
            errors.Add("disclosure", "A disclosure tier is required: public | shared | restricted.");
        }
        else if (!RecordCategories.DisclosureTiers.Contains(disclosure, StringComparer.Ordinal))
        {
            errors.Add("disclosure", $"{FieldErrors.Echo(disclosure)} is not a disclosure tier: public | shared | restricted.");
        }

        var details = Details(input.Details, errors);
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        return (new CreditRecord(
            providerId, sourceId!, uscc.Value, category!, title!, content, decisionDate!.Value, documentNo, authority!, authorityUscc,
            legalBasis, qualifiers[RecordCategories.Severity], qualifiers[RecordCategories.Outcome], qualifiers[RecordCategories.Rating],
            input.Amount is { } amount ? decimal.Round(amount, 2, MidpointRounding.AwayFromZero) : null, validUntil, disclosure!, scheme, details), errors);
    }

    public const int MaxDetailLength = 500;

    /// <summary>The 双公示 details: each text one line of at most 500 characters, the confiscated amount in range; null when none is given.</summary>
    private static RecordDetails? Details(RecordDetails? details, FieldErrors errors)
    {
        if (details is null)
        {
            return null;
        }

        string? Detail(string? value, string name) => Text(value, $"details.{name}", MaxDetailLength, required: false, errors, multiline: false);

        if (details.ConfiscatedAmount is < 0 or > MaxAmount)
        {
            errors.Add("details.confiscatedAmount", "An amount is in yuan, from 0 to 1,000,000,000,000.");
        }

        var clean = new RecordDetails(
            Detail(details.PenaltyType, "penaltyType"), Detail(details.ViolationType, "violationType"),
            details.ConfiscatedAmount is { } amount ? decimal.Round(amount, 2, MidpointRounding.AwayFromZero) : null,
            Detail(details.SuspendedLicence, "suspendedLicence"), Detail(details.LicenceCategory, "licenceCategory"), Detail(details.DocumentName, "documentName"),
            Detail(details.CertificateName, "certificateName"), Detail(details.CertificateNo, "certificateNo"), details.ValidFrom,
            Detail(details.CurrentStatus, "currentStatus"), details.DisclosureDeadline, Detail(details.DataSource, "dataSource"),
            OptionalUscc(details.DataSourceUscc, "details.dataSourceUscc", errors));
        return clean == new RecordDetails() ? null : clean;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <remarks>
    /// A record's text may run over lines (bulk files quote line breaks, RFC 4180); its sourceId is
    /// part of the record's key and may not.
    /// </remarks>
    private static string? Text(string? value, string field, int maxLength, bool required, FieldErrors errors, bool multiline = true)
    {
        var text = Blank(value);
        if (text is null)
        {
            if (required)
            {
                errors.Add(field, $"{field} is required.");
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"{field} has at most {maxLength:N0} characters; this one has {text.Length:N0}."));
        }

        PlainText.Check(text, field, errors, multiline);
        return text;
    }

    private static DateOnly? Date(string? value, string field, bool required, FieldErrors errors)
    {
        var text = Blank(value);
        if (text is null)
        {
            if (required)
            {
                errors.Add(field, $"{field} is required (YYYY-MM-DD).");
            }

            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(field, $"{FieldErrors.Echo(text)} is not a date: write YYYY-MM-DD, and the day must exist.");
            return null;
        }

        return date;
    }

    /// <summary>An optional USCC field (a deciding authority's): absent is fine, present must be valid.</summary>
    internal static string? OptionalUscc(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Uscc.TryParse(value, out var parsed, out var error))
        {
            return parsed.Value;
        }

        errors.Add(field, error);
        return null;
    }
}
