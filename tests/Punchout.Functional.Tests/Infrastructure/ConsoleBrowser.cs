using PuppeteerSharp;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>Debian's chromium, headless, driven over the DevTools protocol as a support person uses the console: it
/// clicks, types and reads what the page shows, and saves screenshots under <c>.test-results/screenshots</c>.</summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly IBrowser browser;
    private readonly string profile;

    private ConsoleBrowser(IBrowser browser, IPage page, string profile, Uri gateway) => (this.browser, Page, this.profile, Gateway) = (browser, page, profile, gateway);

    /// <summary>The one tab.</summary>
    public IPage Page { get; }

    /// <summary>The gateway's address.</summary>
    public Uri Gateway { get; }

    /// <summary>Starts chromium with a fresh profile, for <paramref name="gateway"/>.</summary>
    public static async Task<ConsoleBrowser> OpenAsync(Uri gateway)
    {
        var profile = Directory.CreateTempSubdirectory("punchout-console-").FullName;
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Executables.Find("chromium", "chromium"),
            Headless = true,
            UserDataDir = profile,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions"],
        });
        var page = await browser.NewPageAsync();
        page.DefaultTimeout = (int)Patience.TotalMilliseconds;
        page.DefaultNavigationTimeout = (int)Patience.TotalMilliseconds;
        return new ConsoleBrowser(browser, page, profile, gateway);
    }

    /// <summary>Opens a gateway path.</summary>
    public async Task GoAsync(string path) => await Page.GoToAsync(new Uri(Gateway, path).ToString());

    /// <summary>Signs in with the admin key on the sign-in page the console sends an anonymous browser to.</summary>
    public async Task SignInAsync(string key = "demo-admin-key")
    {
        await GoAsync("/console");
        Assert.Contains("/console/login", Page.Url, StringComparison.Ordinal);
        await Page.TypeAsync("#key", key);
        await ClickAsync("#sign-in");
        Assert.EndsWith("/console", Page.Url, StringComparison.Ordinal);
    }

    /// <summary>Clicks and waits for the page it leads to.</summary>
    public async Task ClickAsync(string selector) =>
        await Task.WhenAll(Page.WaitForNavigationAsync(), Page.ClickAsync(selector));

    /// <summary>Follows the link with exactly this text.</summary>
    public async Task FollowAsync(string text)
    {
        var link = await Page.WaitForSelectorAsync($"xpath/.//a[normalize-space(.)='{text}']");
        await Task.WhenAll(Page.WaitForNavigationAsync(), link.ClickAsync());
    }

    /// <summary>The visible text of the first element <paramref name="selector"/> matches.</summary>
    public async Task<string> TextAsync(string selector) =>
        await Page.EvaluateFunctionAsync<string>("s => document.querySelector(s)?.innerText ?? ''", selector);

    /// <summary>Waits until the page (reloading itself or navigated by its script) shows <paramref name="text"/> in
    /// <paramref name="selector"/>.</summary>
    public async Task WaitForTextAsync(string selector, string text)
    {
        var deadline = DateTime.UtcNow + Patience;
        var seen = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                seen = await TextAsync(selector);
                if (seen.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (PuppeteerException)
            {
                // The page is between two documents (a refresh, a form posting itself); ask the next one.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The page at {Page.Url} did not show '{text}' in {selector} within {Patience.TotalSeconds} s; it showed '{seen}'.");
    }

    /// <summary>Saves what the page shows as <c>.test-results/screenshots/{name}.png</c>.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var folder = Repository.PathOf(".test-results/screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(Path.Combine(folder, name + ".png"), new ScreenshotOptions { FullPage = true });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        await browser.DisposeAsync();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A helper process may still hold a file for a moment; the temp folder is cleaned by the system.
        }
    }
}
