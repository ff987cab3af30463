using CreditSharing.Core.Shared;

namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>Fresh, valid identifiers so that no two tests share an enterprise.</summary>
public static class TestData
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>A valid USCC registered in <paramref name="county"/> (default 驿城区).</summary>
    public static string NewUscc(string county = "411702")
    {
        var random = Random.Shared;
        var serial = string.Concat(Enumerable.Range(0, 9).Select(_ => Alphabet[random.Next(Alphabet.Length)]));
        return Uscc.WithCheckCharacter("91" + county + serial).Value;
    }

    public static string IdNumber(string birth = "19800101") => CreditSharing.Core.Shared.IdNumber.WithCheckCharacter("411702" + birth + "123");
}
