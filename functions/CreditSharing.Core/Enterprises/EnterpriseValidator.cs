using System.Globalization;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Enterprises;

public static class EnterpriseValidator
{
    public const int MaxNameLength = 200;
    public const int MaxRepresentativeNameLength = 100;
    public const int MaxIndustryLength = 100;

    /// <param name="routeUscc">The USCC from the path, when the operation has one; a body USCC must then agree.</param>
    public static (EnterpriseProfile? Profile, FieldErrors Errors) Validate(EnterpriseInput? input, string? routeUscc, DateOnly today)
    {
        var errors = new FieldErrors();
        if (input is null)
        {
            return (null, errors.Add("body", "An enterprise profile is required."));
        }

        var usccText = routeUscc ?? input.Uscc;
        Uscc uscc = default;
        if (!Uscc.TryParse(usccText, out uscc, out var usccError))
        {
            errors.Add("uscc", usccError);
        }
        else if (routeUscc is not null && !string.IsNullOrWhiteSpace(input.Uscc)
                 && !string.Equals(input.Uscc.Trim(), uscc.Value, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("uscc", "The USCC in the body differs from the one in the path.");
        }

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "A name is required.");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add("name", $"A name has at most {MaxNameLength} characters.");
        }

        PlainText.Check(name, "name", errors);

        LegalRepresentative? representative = null;
        if (input.LegalRepresentative is { } rep)
        {
            var repName = rep.Name?.Trim();
            if (string.IsNullOrEmpty(repName))
            {
                errors.Add("legalRepresentative.name", "The legal representative's name is required.");
            }
            else if (repName.Length > MaxRepresentativeNameLength)
            {
                errors.Add("legalRepresentative.name", $"A name has at most {MaxRepresentativeNameLength} characters.");
            }

            PlainText.Check(repName, "legalRepresentative.name", errors);

            if (!IdNumber.TryNormalize(rep.IdNumber, out var idNumber, out var idError))
            {
                errors.Add("legalRepresentative.idNumber", idError);
            }

            if (!string.IsNullOrEmpty(repName) && idNumber.Length > 0)
            {
                representative = new LegalRepresentative(repName, idNumber);
            }
        }

        var industry = string.IsNullOrWhiteSpace(input.Industry) ? null : input.Industry.Trim();
        if (industry is { Length: > MaxIndustryLength })
        {
            errors.Add("industry", $"An industry has at most {MaxIndustryLength} characters.");
        }

        PlainText.Check(industry, "industry", errors);

        if (!IndustryCodes.TryNormalize(input.IndustryCode, out var industryCode, out var industryCodeError))
        {
            errors.Add(IndustryCodes.Field, industryCodeError);
        }

        var county = string.IsNullOrWhiteSpace(input.County) ? null : input.County.Trim();
        if (county is not null)
        {
            if (county.Length != 6 || !county.All(char.IsAsciiDigit))
            {
                errors.Add("county", "A county is a 6-digit division code.");
            }
            else if (Counties.IsInCity(county) && Counties.NameOf(county) is null)
            {
                errors.Add("county", $"{county} is not a county of Zhumadian.");
            }
        }
        else if (!uscc.IsEmpty)
        {
            county = Counties.FromUscc(uscc);
        }

        DateOnly? registeredOn = null;
        if (!string.IsNullOrWhiteSpace(input.RegisteredOn))
        {
            if (!DateOnly.TryParseExact(input.RegisteredOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add("registeredOn", "A date is written YYYY-MM-DD and must exist.");
            }
            else if (date > today)
            {
                errors.Add("registeredOn", "The registration date is in the future.");
            }
            else
            {
                registeredOn = date;
            }
        }

        return errors.IsEmpty
            ? (new EnterpriseProfile(uscc.Value, name!, representative, industry, county, registeredOn, industryCode), errors)
            : (null, errors);
    }
}
