using Microsoft.Playwright;

namespace CreditSharing.Integration.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (Playwright's own browser download is not reachable
/// here). CI installs the package and must run these tests; elsewhere they are skipped with the
/// install command when it is missing.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    public const string DefaultPath = "/usr/lib/chromium/chromium";

    private IPlaywright? playwright;

    public IBrowser? Browser { get; private set; }

    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : DefaultPath;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException($"Chromium is not at {ExecutablePath}; .ci/run installs it (apt-get install chromium).");
            }

            return;
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
    }

    /// <summary>A phone-sized page (360×740), or a skipped test when Chromium is not installed.</summary>
    public Task<IPage> PhonePageAsync() => PageAsync(360, 740);

    /// <summary>A page of the given viewport (360×740 phone, 1280×800 desktop), or a skipped test when Chromium is not installed.</summary>
    public async Task<IPage> PageAsync(int width, int height)
    {
        if (Browser is null)
        {
            Assert.Skip($"Chromium is not installed at {ExecutablePath} (apt-get install chromium).");
        }

        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });

        // Playwright's 30 s default was seen to run out once while the whole suite shared two cores;
        // a real failure still fails, only later.
        page.SetDefaultTimeout(90_000);
        page.SetDefaultNavigationTimeout(90_000);
        return page;
    }

    /// <summary>Saves a full-page screenshot in the test output's <c>screenshots/</c> folder.</summary>
    public static async Task SaveScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
