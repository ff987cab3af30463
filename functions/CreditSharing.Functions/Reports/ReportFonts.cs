using PdfSharp.Fonts;

namespace CreditSharing.Functions.Reports;

/// <summary>
/// PDFsharp's font resolver for the reports: every face is Droid Sans Fallback (TrueType with glyf
/// outlines, Apache-2.0, vendored as an embedded resource: Reports/Fonts), which covers CJK and Latin.
/// PDFsharp embeds only the glyphs a report uses (<c>PdfFontEmbedding.TryComputeSubset</c>).
/// </summary>
public sealed class ReportFonts : IFontResolver
{
    public const string Family = "CreditReport";

    private const string FaceName = "DroidSansFallbackFull";

    private const string ResourceName = "CreditSharing.Functions.Reports.DroidSansFallbackFull.ttf";

    private static readonly Lazy<byte[]> FontBytes = new(Load);

    private static readonly Lock Gate = new();

    /// <summary>Sets this resolver once per process (PDFsharp's setting is global).</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not ReportFonts)
            {
                GlobalFontSettings.FontResolver = new ReportFonts();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
        // One face; bold is simulated by PDFsharp, which is enough for headings.
        => new(FaceName, bold, false);

    public byte[]? GetFont(string faceName) => faceName == FaceName ? FontBytes.Value : null;

    private static byte[] Load()
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The report font {ResourceName} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
