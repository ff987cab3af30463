using System.Text;

namespace CreditSharing.Cli.Imports;

/// <summary>Block ids as docs/records.md fixes them: base64 of <c>block-{index:D6}</c>.</summary>
public static class BlockIds
{
    public const int DefaultBlockSize = 8 * 1024 * 1024;

    public static string Of(int index) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{index:D6}"));

    public static int Count(long length, int blockSize) => (int)((length + blockSize - 1) / blockSize);
}
