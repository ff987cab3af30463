namespace CreditSharing.Core.Shared;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol alphabet. Character 1 is a
/// registration-authority code and character 2 an entity-type code of that authority (Table 1, kept as data in
/// <see cref="UsccRegistrationCodes"/>); characters 3–8 are the division code (digits); characters 9–17 are a
/// GB 11714-1997 organisation code with its own check digit; character 18 is a check character over the first 17.
/// </summary>
public readonly record struct Uscc
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>GB 11714-1997: the weights of the organisation code's first 8 characters.</summary>
    private static readonly int[] OrganisationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    private readonly string? value;

    private Uscc(string value) => this.value = value;

    /// <summary>The upper-case code; empty for <c>default</c>.</summary>
    public string Value => value ?? string.Empty;

    public bool IsEmpty => value is null;

    /// <summary>Characters 3–8: the division code of the registering authority.</summary>
    public string DivisionCode => IsEmpty ? string.Empty : Value.Substring(2, 6);

    public override string ToString() => Value;

    public static bool TryParse(string? input, out Uscc uscc, out string error)
    {
        var problem = Validate(input, out uscc);
        error = problem.Message;
        return problem.Kind == UsccErrorKind.None;
    }

    /// <summary>Parses a code; when it is not valid, the answer says what is wrong and where (for messages in any language), else its kind is <see cref="UsccErrorKind.None"/>.</summary>
    public static UsccError Validate(string? input, out Uscc uscc)
    {
        uscc = default;
        if (string.IsNullOrWhiteSpace(input))
        {
            return new UsccError(UsccErrorKind.Missing);
        }

        var candidate = input.Trim().ToUpperInvariant();
        if (candidate.Length != 18)
        {
            return new UsccError(UsccErrorKind.Length, Length: candidate.Length);
        }

        var sum = 0;
        for (var i = 0; i < 18; i++)
        {
            var value = Alphabet.IndexOf(candidate[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return new UsccError(UsccErrorKind.Character, Length: 18, Position: i + 1, Character: candidate[i]);
            }

            if (i < 17)
            {
                sum += value * Weights[i];
            }
        }

        if (!UsccRegistrationCodes.IsAuthority(candidate[0]))
        {
            return new UsccError(UsccErrorKind.Authority, Length: 18, Position: 1, Character: candidate[0]);
        }

        if (!UsccRegistrationCodes.IsEntityType(candidate[0], candidate[1]))
        {
            return new UsccError(UsccErrorKind.EntityType, Length: 18, Position: 2, Character: candidate[1], Authority: candidate[0]);
        }

        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(candidate[i]))
            {
                return new UsccError(UsccErrorKind.Division, Length: 18, Position: i + 1, Character: candidate[i]);
            }
        }

        if (OrganisationCheckDigit(candidate.AsSpan(8, 8)) != candidate[16])
        {
            return new UsccError(UsccErrorKind.OrganisationCode, Length: 18, Position: 17, Character: candidate[16]);
        }

        var check = (31 - (sum % 31)) % 31;
        if (Alphabet[check] != candidate[17])
        {
            return new UsccError(UsccErrorKind.CheckCharacter, Length: 18, Position: 18, Character: candidate[17]);
        }

        uscc = new Uscc(candidate);
        return default;
    }

    public static bool IsValid(string? input) => TryParse(input, out _, out _);

    /// <summary>
    /// The GB 11714-1997 check digit of an organisation code's first 8 characters: C = 11 − (Σ value × weight mod 11),
    /// weights 3, 7, 9, 10, 5, 8, 4, 2, digits worth 0–9 and letters A = 10 … Z = 35; 10 is written 'X' and 11 '0'.
    /// </summary>
    public static char OrganisationCheckDigit(ReadOnlySpan<char> first8)
    {
        if (first8.Length != 8)
        {
            throw new ArgumentException("8 characters are needed.", nameof(first8));
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = char.ToUpperInvariant(first8[i]);
            var value = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetterUpper(c) ? c - 'A' + 10 : throw new ArgumentException($"Character {i + 1} is not a digit or a letter.", nameof(first8));
            sum += value * OrganisationWeights[i];
        }

        return (11 - (sum % 11)) switch
        {
            10 => 'X',
            11 => '0',
            var digit => (char)('0' + digit),
        };
    }

    /// <summary>
    /// Builds a structurally valid code (test data, tools): authority, entity type, 6-digit division and the first
    /// 8 characters of the organisation code, with both check characters computed.
    /// </summary>
    public static Uscc Compose(char authority, char entityType, string division, string organisationBase)
    {
        ArgumentNullException.ThrowIfNull(division);
        ArgumentNullException.ThrowIfNull(organisationBase);
        if (!UsccRegistrationCodes.IsEntityType(char.ToUpperInvariant(authority), char.ToUpperInvariant(entityType)))
        {
            throw new ArgumentException($"'{authority}{entityType}' is not a registration authority and entity type of GB 32100-2015.", nameof(entityType));
        }

        if (division.Length != 6 || !division.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A division code is 6 digits.", nameof(division));
        }

        if (organisationBase.Length != 8)
        {
            throw new ArgumentException("8 characters are needed.", nameof(organisationBase));
        }

        return WithCheckCharacter($"{authority}{entityType}{division}{organisationBase}{OrganisationCheckDigit(organisationBase)}");
    }

    /// <summary>Builds a valid code from 17 characters by appending the check character (test data, tools).</summary>
    public static Uscc WithCheckCharacter(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        if (first17.Length != 17)
        {
            throw new ArgumentException("17 characters are needed.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(first17[i]), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"Character {i + 1} is not in the USCC alphabet.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        return new Uscc(first17.ToUpperInvariant() + Alphabet[(31 - (sum % 31)) % 31]);
    }
}

public enum UsccErrorKind
{
    None,
    Missing,
    Length,
    Character,

    /// <summary>Character 1 is not a registration-authority code.</summary>
    Authority,

    /// <summary>Character 2 is not an entity-type code of the registration authority in character 1.</summary>
    EntityType,

    /// <summary>One of characters 3–8 (the division code) is not a digit.</summary>
    Division,

    /// <summary>Characters 9–17 are not a GB 11714 organisation code: character 17, its check digit, does not match.</summary>
    OrganisationCode,

    CheckCharacter,
}

/// <summary>Why a USCC is not valid: the kind, the length seen, the 1-based position and character at fault, and for an entity type the authority it was read under.</summary>
public readonly record struct UsccError(UsccErrorKind Kind, int Length = 0, int Position = 0, char Character = '\0', char Authority = '\0')
{
    public string Message => Kind switch
    {
        UsccErrorKind.Missing => "A USCC is required.",
        UsccErrorKind.Length => $"A USCC has 18 characters; this one has {Length}.",
        UsccErrorKind.Character => $"Character {Position} ('{Character}') is not in the USCC alphabet.",
        UsccErrorKind.Authority => $"Character 1 ('{Character}') is not a registration-authority code (GB 32100-2015 Table 1).",
        UsccErrorKind.EntityType => $"Character 2 ('{Character}') is not an entity-type code of registration authority '{Authority}' (GB 32100-2015 Table 1).",
        UsccErrorKind.Division => $"Characters 3–8 are the division code and are digits; character {Position} is '{Character}'.",
        UsccErrorKind.OrganisationCode => $"Characters 9–17 are not an organisation code: its check digit (character 17, '{Character}') does not match (GB 11714-1997).",
        UsccErrorKind.CheckCharacter => "The check character does not match (GB 32100-2015).",
        _ => string.Empty,
    };
}
