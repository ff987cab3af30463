using System.Globalization;
using CreditSharing.Core.Shared;
using CsCheck;

namespace CreditSharing.Core.Tests.Shared;

/// <summary>Properties of <see cref="IdNumber"/> over generated numbers (GB 11643-1999, ISO 7064 MOD 11-2).</summary>
public sealed class IdNumberPropertyTests
{
    private const string CheckCharacters = "0123456789X";

    private static readonly Gen<string> Digits3 = Gen.Int[0, 999].Select(n => n.ToString("D3", CultureInfo.InvariantCulture));

    /// <summary>Region code, a real birth date, sequence digits: the first 17 characters of a number.</summary>
    private static readonly Gen<string> First17 = Gen.Select(
        Gen.Int[110_000, 659_999],
        Gen.DateOnly[new DateOnly(1900, 1, 1), new DateOnly(2025, 12, 31)],
        Digits3,
        (region, birth, sequence) => $"{region}{birth:yyyyMMdd}{sequence}");

    private static readonly Gen<string> ValidNumber = First17.Select(IdNumber.WithCheckCharacter);

    [Fact]
    public void AcceptsEveryGeneratedNumber()
        => ValidNumber.Sample(number =>
        {
            Assert.True(IdNumber.TryNormalize(number, out var normalized, out var error), error);
            Assert.Equal(number, normalized);
        });

    [Fact]
    public void AcceptsALowerCaseXAndSurroundingSpaceAsTheSameNumber()
        => ValidNumber.Where(n => n[17] == 'X').Sample(number =>
        {
            Assert.True(IdNumber.TryNormalize($" {number.ToLowerInvariant()} ", out var normalized, out var error), error);
            Assert.Equal(number, normalized);
        });

    [Fact]
    public void RejectsAnySingleDigitChangeOfTheFirst17()
        => ValidNumber
            .SelectMany(number => Gen.Int[0, 16].SelectMany(position => Gen.Char['0', '9'].Where(c => c != number[position]).Select(c => (number, position, c))))
            .Sample((number, position, c) =>
            {
                var changed = string.Concat(number.AsSpan(0, position), c.ToString(), number.AsSpan(position + 1));

                Assert.False(IdNumber.TryNormalize(changed, out _, out _), $"{number} with '{c}' at {position + 1} is still accepted");
            });

    [Fact]
    public void RejectsEveryOtherCheckCharacter()
        => ValidNumber
            .SelectMany(number => Gen.Char[CheckCharacters].Where(c => c != number[17]).Select(c => (number, c)))
            .Sample((number, c) => Assert.False(IdNumber.TryNormalize(number[..17] + c, out _, out _)));

    [Fact]
    public void RejectsABirthDateThatDoesNotExistEvenWithTheRightCheckCharacter()
        => Gen.Select(Gen.Int[110_000, 659_999], Gen.Int[1900, 2025], Gen.Int[1, 12], Gen.Int[0, 99], Digits3)
            .Where((_, year, month, day, _) => day == 0 || day > DateTime.DaysInMonth(year, month))
            .Select((region, year, month, day, sequence) => IdNumber.WithCheckCharacter($"{region}{year:D4}{month:D2}{day:D2}{sequence}"))
            .Sample(number => Assert.False(IdNumber.TryNormalize(number, out _, out _), number));

    [Fact]
    public void MasksTheBirthDateAndSequenceOfEveryNumber()
        => ValidNumber.Sample(number =>
        {
            var masked = IdNumber.Mask(number);

            Assert.Equal(number[..6] + new string('*', 8) + number[14..], masked);
        });
}
