using System.Globalization;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Lists;

public static class ListEntryValidator
{
    public const int MaxReasonLength = 1_000;

    /// <summary>At most this many records a decision rests on (<c>basisRecordIds</c>).</summary>
    public const int MaxBasisRecords = 20;

    /// <param name="today">The city's date: no decision lies after it.</param>
    /// <param name="now">When the entry is listed, its first history event.</param>
    public static (ListEntry? Entry, FieldErrors Errors) Validate(ListEntryInput? input, string providerId, ListRules rules, DateOnly today, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (input is null)
        {
            return (null, errors.Add("body", "A list entry is required."));
        }

        var listType = input.ListType?.Trim();
        if (listType is null || !ListTypes.All.Contains(listType, StringComparer.Ordinal))
        {
            errors.Add("listType", "A list type is red, black or watch.");
            listType = null;
        }

        Uscc.TryParse(input.Uscc, out var uscc, out var usccError);
        if (uscc.IsEmpty)
        {
            errors.Add("uscc", usccError);
        }

        var reason = Required(input.Reason, "reason", MaxReasonLength, errors);
        var authority = Required(input.Authority, "authority", RecordValidator.MaxAuthorityLength, errors);
        var documentNo = Required(input.DocumentNo, "documentNo", RecordValidator.MaxDocumentNoLength, errors);
        var sourceId = Required(input.SourceId, "sourceId", RecordValidator.MaxSourceIdLength, errors);
        var authorityUscc = RecordValidator.OptionalUscc(input.AuthorityUscc, "authorityUscc", errors);

        var decidedOn = Date(input.DecidedOn, "decidedOn", errors);
        if (decidedOn > today)
        {
            errors.Add("decidedOn", "The decision date is in the future.");
        }

        var expiresOn = Date(input.ExpiresOn, "expiresOn", errors);
        if (listType is not null && decidedOn is { } decided && expiresOn is { } expires)
        {
            var duration = rules.For(listType);
            var earliest = duration.MinYears > 0 ? decided.AddYears(duration.MinYears) : decided.AddDays(1);
            var latest = decided.AddYears(duration.MaxYears);
            if (expires < earliest || expires > latest)
            {
                errors.Add("expiresOn", $"A {listType} entry decided on {decided:yyyy-MM-dd} expires between {earliest:yyyy-MM-dd} and {latest:yyyy-MM-dd}.");
            }
        }

        var basis = BasisRecordIds(input.BasisRecordIds, errors);

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var id = ListEntryId.Of(providerId, sourceId!);
        return (new ListEntry(
            id, uscc.Value, listType!, reason!, authority!, authorityUscc, documentNo!, decidedOn!.Value, expiresOn!.Value,
            input.LegalRepresentativeIncluded ?? false, providerId, sourceId!, null, null,
            [new ListEntryEvent("listed", now, providerId, reason, documentNo, null)], BasisRecordIds: basis), errors);
    }

    /// <summary>
    /// Optional; each a record id as <see cref="RecordId.Of"/> makes it (<c>{provider}~{sourceId}</c>).
    /// Repeats are dropped. Whether the records exist is not checked: an entry rests on a record of
    /// its own enterprise, and only that record's repair or withdrawal ends it.
    /// </summary>
    private static IReadOnlyList<string>? BasisRecordIds(IReadOnlyList<string>? ids, FieldErrors errors)
    {
        if (ids is null || ids.Count == 0)
        {
            return null;
        }

        if (ids.Count > MaxBasisRecords)
        {
            errors.Add("basisRecordIds", $"A decision names at most {MaxBasisRecords} basis records.");
            return null;
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (!RecordId.IsWellFormed(ids[i]))
            {
                errors.Add($"basisRecordIds[{i}]", "A basis record id is {provider}~{sourceId}, as the records API answers it.");
            }
        }

        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    private static string? Required(string? value, string field, int maxLength, FieldErrors errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null)
        {
            errors.Add(field, $"{field} is required.");
        }
        else if (text.Length > maxLength)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"{field} has at most {maxLength:N0} characters."));
        }

        // A reason may run over lines; identifiers and names may not.
        PlainText.Check(text, field, errors, multiline: field == "reason");
        return text;
    }

    private static DateOnly? Date(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"{field} is required (YYYY-MM-DD).");
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, $"{FieldErrors.Echo(value)} is not a date: write YYYY-MM-DD.");
        return null;
    }
}
