using CreditSharing.Core.Shared;
using CsCheck;

namespace CreditSharing.Core.Tests.Shared;

/// <summary>Properties of <see cref="Uscc"/> over generated codes (GB 32100-2015's check character is mod 31 with weights 3^i).</summary>
public sealed class UsccPropertyTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>Characters a code may not hold: the letters GB 32100 leaves out, lower-case ones that upper-case to them, and others.</summary>
    private const string Foreign = "IOSVZiosvz-_ .,/\\#?'\"\0\t驻中文Ａ１";

    /// <summary>Any 17 characters of the alphabet: the check character arithmetic works over all of them.</summary>
    private static readonly Gen<string> First17 = Gen.Char[Alphabet].Array[17].Select(chars => new string(chars));

    /// <summary>A registration authority and one of its entity types (GB 32100-2015 Table 1).</summary>
    private static readonly Gen<(char Authority, char EntityType)> Registration =
        Gen.OneOf(UsccRegistrationCodes.Authorities.Keys.SelectMany(a => UsccRegistrationCodes.EntityTypes(a).Select(t => (a, t))).ToArray());

    /// <summary>Structurally valid codes: a registration and type, a 6-digit division, an organisation code with its check digit, the check character.</summary>
    private static readonly Gen<string> ValidCode = Gen.Select(
        Registration,
        Gen.Char['0', '9'].Array[6].Select(chars => new string(chars)),
        Gen.Char[Alphabet].Array[8].Select(chars => new string(chars)),
        (registration, division, organisationBase) => Uscc.Compose(registration.Authority, registration.EntityType, division, organisationBase).Value);

    /// <summary>A character that differs from <paramref name="original"/> even after upper-casing.</summary>
    private static Gen<char> OtherThan(char original)
        => Gen.Char[Alphabet + Foreign].Where(c => char.ToUpperInvariant(c) != original);

    [Fact]
    public void AcceptsEveryGeneratedCodeAsItIs()
        => ValidCode.Sample(code =>
        {
            Assert.True(Uscc.TryParse(code, out var parsed, out var error), error);
            Assert.Equal(code, parsed.Value);
        });

    [Fact]
    public void AcceptsEveryGeneratedCodeInLowerCaseAndWithSurroundingSpaceAsTheSameCode()
        => ValidCode.Sample(code =>
        {
            Assert.True(Uscc.TryParse($"  {code.ToLowerInvariant()}\t", out var parsed, out var error), error);
            Assert.Equal(code, parsed.Value);
        });

    [Fact]
    public void RejectsAnySingleCharacterChange()
        => ValidCode
            .SelectMany(code => Gen.Int[0, 17].SelectMany(position => OtherThan(code[position]).Select(c => (code, position, c))))
            .Sample((code, position, c) =>
            {
                var changed = string.Concat(code.AsSpan(0, position), c.ToString(), code.AsSpan(position + 1));

                Assert.False(Uscc.IsValid(changed), $"{code} with '{c}' at {position + 1} is still accepted");
            });

    [Fact]
    public void ChangesTheCheckCharacterWhenAnyOfTheFirst17Changes()
        => First17
            .SelectMany(first17 => Gen.Int[0, 16].SelectMany(position => Gen.Char[Alphabet].Where(c => c != first17[position]).Select(c => (first17, position, c))))
            .Sample((first17, position, c) =>
            {
                var changed = string.Concat(first17.AsSpan(0, position), c.ToString(), first17.AsSpan(position + 1));

                Assert.NotEqual(Uscc.WithCheckCharacter(first17).Value[17], Uscc.WithCheckCharacter(changed).Value[17]);
            });

    [Fact]
    public void RejectsASwapOfTwoNeighbouringDifferentCharactersOfTheFirst17()
        => ValidCode
            .SelectMany(code => Gen.Int[0, 15].Where(i => code[i] != code[i + 1]).Select(i => (code, i)))
            .Sample((code, i) =>
            {
                var chars = code.ToCharArray();
                (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);

                Assert.False(Uscc.IsValid(new string(chars)), $"{code} with characters {i + 1} and {i + 2} swapped is still accepted");
            });

    [Fact]
    public void RejectsAWrongOrganisationCheckDigitEvenUnderARightCheckCharacter()
        => ValidCode
            .SelectMany(code => Gen.Char["0123456789X"].Where(c => c != code[16]).Select(c => (code, c)))
            .Sample((code, c) =>
            {
                var forged = Uscc.WithCheckCharacter(string.Concat(code.AsSpan(0, 16), c.ToString())).Value;

                Assert.Equal(UsccErrorKind.OrganisationCode, Uscc.Validate(forged, out _).Kind);
            });

    [Fact]
    public void RejectsAnyFirstCharacterOutsideTheRegistrationTableEvenUnderARightCheckCharacter()
        => ValidCode
            .SelectMany(code => Gen.Char[Alphabet].Where(c => !UsccRegistrationCodes.IsAuthority(c)).Select(c => (code, c)))
            .Sample((code, c) =>
            {
                var forged = Uscc.WithCheckCharacter(string.Concat(c.ToString(), code.AsSpan(1, 16))).Value;

                Assert.Equal(UsccErrorKind.Authority, Uscc.Validate(forged, out _).Kind);
            });

    [Fact]
    public void RejectsEveryCodeOfAnotherLength()
        => Gen.Char[Alphabet].Array[0, 40].Where(chars => chars.Length != 18).Select(chars => new string(chars))
            .Sample(text => Assert.False(Uscc.IsValid(text)));

    [Theory]
    [MemberData(nameof(UsccTests.ValidVectorCodes), MemberType = typeof(UsccTests))]
    public void RejectsEverySingleCharacterChangeOfAPublishedVector(string code)
    {
        var upper = code.ToUpperInvariant();
        for (var position = 0; position < 18; position++)
        {
            foreach (var c in (Alphabet + Foreign).Where(c => char.ToUpperInvariant(c) != upper[position]))
            {
                var changed = string.Concat(upper.AsSpan(0, position), c.ToString(), upper.AsSpan(position + 1));

                Assert.False(Uscc.IsValid(changed), $"{upper} with '{c}' at {position + 1} is still accepted");
            }
        }
    }
}
