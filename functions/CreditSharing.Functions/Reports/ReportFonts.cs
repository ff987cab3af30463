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

    /// <summary>Latin text (Droid Sans Fallback has no Latin glyphs): DejaVu Sans.</summary>
    public const string LatinFamily = "CreditReportLatin";

    private const string FaceName = "DroidSansFallbackFull";

    private const string LatinFaceName = "DejaVuSans";

    private static readonly Lazy<byte[]> FontBytes = new(() => Load("CreditSharing.Functions.Reports.DroidSansFallbackFull.ttf"));

    private static readonly Lazy<byte[]> LatinBytes = new(() => Load("CreditSharing.Functions.Reports.DejaVuSans.ttf"));

    /// <summary>Characters below U+2E80 (Latin, digits, punctuation, ·, –) are set in the Latin face; CJK and full-width forms in Droid.</summary>
    public static bool IsLatin(char c) => c < '\u2E80';

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
        => new(familyName == LatinFamily ? LatinFaceName : FaceName, bold, false);

    public byte[]? GetFont(string faceName) => faceName switch
    {
        FaceName => FontBytes.Value,
        LatinFaceName => LatinBytes.Value,
        _ => null,
    };

    private static byte[] Load(string resourceName)
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The report font {resourceName} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
