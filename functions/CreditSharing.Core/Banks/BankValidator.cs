using CreditSharing.Core.Identity;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Banks;

public static class BankValidator
{
    public const int MaxBankIdLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxLicenceNoLength = 40;

    /// <summary>A bank id (the id consents name): 1–64 of letters, digits, <c>-</c>, <c>_</c> and <c>.</c>.</summary>
    public static string? IdError(string? bankId)
    {
        if (string.IsNullOrWhiteSpace(bankId))
        {
            return "A bank id is required.";
        }

        if (bankId.Length > MaxBankIdLength)
        {
            return $"A bank id is at most {MaxBankIdLength} characters.";
        }

        return bankId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? null
            : "A bank id holds letters, digits, '-', '_' and '.' only.";
    }

    public static (BankDetails? Details, FieldErrors Errors) Validate(string bankId, BankInput? input)
    {
        var errors = new FieldErrors();
        if (IdError(bankId) is { } idError)
        {
            errors.Add("bankId", idError);
        }

        if (input is null)
        {
            return (null, errors.Add("body", "A bank registration is required."));
        }

        var name = Text(input.Name, "name", MaxNameLength, errors);
        var licenceNo = input.LicenceNo?.Trim();
        if (string.IsNullOrEmpty(licenceNo))
        {
            errors.Add("licenceNo", "A licence number (金融许可证号) is required.");
        }
        else if (licenceNo.Length > MaxLicenceNoLength || !licenceNo.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors.Add("licenceNo", $"licenceNo is 1–{MaxLicenceNoLength} letters, digits and '-' (e.g. B0001H241170001).");
        }

        var clientAppIds = IdentityIds.Parse(input.ClientAppIds, "clientAppIds", IdentityIds.MaxClientAppIds, errors);
        var userObjectIds = IdentityIds.Parse(input.UserObjectIds, "userObjectIds", IdentityIds.MaxUserObjectIds, errors);
        return errors.IsEmpty ? (new BankDetails(name!, licenceNo!.ToUpperInvariant(), clientAppIds, userObjectIds), errors) : (null, errors);
    }

    private static string? Text(string? value, string field, int max, FieldErrors errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(field, $"A {field} is required.");
            return null;
        }

        if (text.Length > max)
        {
            errors.Add(field, $"{field} is at most {max} characters.");
            return null;
        }

        PlainText.Check(text, field, errors);
        return text;
    }
}
