using CreditSharing.Core.Shared;

namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>Fresh, valid identifiers so that no two tests share an enterprise.</summary>
public static class TestData
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>A structurally valid enterprise USCC (企业, 91) registered in <paramref name="county"/> (default 驿城区), both check characters computed.</summary>
    public static string NewUscc(string county = "411702")
    {
        var random = Random.Shared;
        // One letter at least: an all-digit USCC is also shaped like an ID number, which the public-answer
        // checks (PublicAnswers.HoldNoIdNumber) would rightly flag.
        var organisationBase = "ABCDEFGHJKLMNPQRTUWXY"[random.Next(21)] + string.Concat(Enumerable.Range(0, 7).Select(_ => Alphabet[random.Next(Alphabet.Length)]));
        return Uscc.Compose('9', '1', county, organisationBase).Value;
    }

    public static string IdNumber(string birth = "19800101") => CreditSharing.Core.Shared.IdNumber.WithCheckCharacter("411702" + birth + "123");
}
