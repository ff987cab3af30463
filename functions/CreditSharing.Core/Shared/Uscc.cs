namespace CreditSharing.Core.Shared;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol alphabet, the last one a check
/// character over the first 17.
/// </summary>
public readonly record struct Uscc
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

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

        var check = (31 - (sum % 31)) % 31;
        if (Alphabet[check] != candidate[17])
        {
            return new UsccError(UsccErrorKind.CheckCharacter, Length: 18, Position: 18, Character: candidate[17]);
        }

        uscc = new Uscc(candidate);
        return default;
    }

    public static bool IsValid(string? input) => TryParse(input, out _, out _);

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
    CheckCharacter,
}

/// <summary>Why a USCC is not valid: the kind, the length seen, and the 1-based position and character at fault.</summary>
public readonly record struct UsccError(UsccErrorKind Kind, int Length = 0, int Position = 0, char Character = '\0')
{
    public string Message => Kind switch
    {
        UsccErrorKind.Missing => "A USCC is required.",
        UsccErrorKind.Length => $"A USCC has 18 characters; this one has {Length}.",
        UsccErrorKind.Character => $"Character {Position} ('{Character}') is not in the USCC alphabet.",
        UsccErrorKind.CheckCharacter => "The check character does not match (GB 32100-2015).",
        _ => string.Empty,
    };
}
