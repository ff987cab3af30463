using System.Globalization;

namespace CreditSharing.Core.Shared;

/// <summary>PRC resident identity number (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character.</summary>
public static class IdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public static bool TryNormalize(string? input, out string normalized, out string error)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "An ID number is required.";
            return false;
        }

        var candidate = input.Trim().ToUpperInvariant();
        if (candidate.Length != 18)
        {
            error = "An ID number has 18 characters.";
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(candidate[i]))
            {
                error = "The first 17 characters of an ID number are digits.";
                return false;
            }

            sum += (candidate[i] - '0') * Weights[i];
        }

        if (!DateOnly.TryParseExact(candidate.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            error = "Characters 7–14 of an ID number are not a real birth date.";
            return false;
        }

        if (CheckCharacters[sum % 11] != candidate[17])
        {
            error = "The check character of the ID number does not match (GB 11643-1999).";
            return false;
        }

        normalized = candidate;
        error = string.Empty;
        return true;
    }

    /// <summary>Keeps the first 6 (region) and last 4 characters; the birth date and sequence are hidden.</summary>
    public static string Mask(string idNumber)
    {
        ArgumentNullException.ThrowIfNull(idNumber);
        return idNumber.Length <= 10
            ? new string('*', idNumber.Length)
            : string.Concat(idNumber.AsSpan(0, 6), new string('*', idNumber.Length - 10), idNumber.AsSpan(idNumber.Length - 4));
    }

    /// <summary>Appends the check character to 17 digits (test data, tools).</summary>
    public static string WithCheckCharacter(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        if (first17.Length != 17 || !first17.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("17 digits are needed.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return first17 + CheckCharacters[sum % 11];
    }
}
