using CreditSharing.Core.Identity;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Providers;

public static class ProviderValidator
{
    public const int MaxProviderIdLength = 128;
    public const int MaxNameLength = 200;

    /// <summary>
    /// A provider id is the identity a token resolves to (<c>azp</c>/<c>appid</c>, else <c>sub</c>) and the
    /// registry's partition key: 1–128 characters, no control characters, none of <c>/ \ # ?</c>.
    /// </summary>
    public static string? IdError(string? providerId)
    {
        if (string.IsNullOrWhiteSpace(providerId))
        {
            return "A provider id is required.";
        }

        if (providerId.Length > MaxProviderIdLength)
        {
            return $"A provider id is at most {MaxProviderIdLength} characters.";
        }

        return providerId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            ? "A provider id may not hold control characters or any of / \\ # ?."
            : null;
    }

    public static (ProviderRights? Rights, FieldErrors Errors) Validate(string providerId, ProviderInput? input)
    {
        var errors = new FieldErrors();
        if (IdError(providerId) is { } idError)
        {
            errors.Add("providerId", idError);
        }

        if (input is null)
        {
            return (null, errors.Add("body", "A provider registration is required."));
        }

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "A name is required.");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add("name", $"name is at most {MaxNameLength} characters.");
        }
        else
        {
            PlainText.Check(name, "name", errors);
        }

        var authorityUscc = RecordValidator.OptionalUscc(input.AuthorityUscc, "authorityUscc", errors);
        var categories = Subset(input.Categories, "categories", RecordCategories.All.Keys.ToList(), errors);
        var listTypes = Subset(input.ListTypes, "listTypes", ListTypes.All, errors);
        var clientAppIds = IdentityIds.Parse(input.ClientAppIds, "clientAppIds", IdentityIds.MaxClientAppIds, errors);
        var userObjectIds = IdentityIds.Parse(input.UserObjectIds, "userObjectIds", IdentityIds.MaxUserObjectIds, errors);
        return errors.IsEmpty
            ? (new ProviderRights(name!, authorityUscc, categories, listTypes, input.Profiles ?? false, clientAppIds, userObjectIds), errors)
            : (null, errors);
    }

    /// <summary>A subset of <paramref name="known"/>, in the order the client gave; absent means none.</summary>
    private static IReadOnlyList<string> Subset(IReadOnlyList<string?>? values, string field, IReadOnlyList<string> known, FieldErrors errors)
    {
        var result = new List<string>();
        if (values is null)
        {
            return result;
        }

        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i]?.Trim();
            if (string.IsNullOrEmpty(value) || !known.Contains(value, StringComparer.Ordinal))
            {
                errors.Add($"{field}[{i}]", $"Unknown value {FieldErrors.Echo(value)}. Known values are {string.Join(", ", known)}.");
            }
            else if (result.Contains(value, StringComparer.Ordinal))
            {
                errors.Add($"{field}[{i}]", $"{FieldErrors.Echo(value)} is named twice.");
            }
            else
            {
                result.Add(value);
            }
        }

        return result;
    }
}
