using Microsoft.Playwright;

namespace AsyncAi.Dashboard.Tests.Support;

/// <summary>Debian's headless Chromium with one page open on a dashboard, as tests/AsyncAi.Samples.Tests drives it.</summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add(message.Text);
            }
        };
    }

    public IPage Page { get; }

    public List<string> ConsoleErrors { get; } = [];

    public static async Task<DashboardBrowser> OpenAsync(DashboardApp app, int width = 1100, int height = 1200)
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"{ChromiumPath} is missing. Run ./test.sh, which installs it (or scripts/install-browser.sh alone).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var session = new DashboardBrowser(playwright, browser, page);
        await page.GotoAsync(app.DashboardUrl.ToString());
        await session.WaitForAsync("() => document.getElementById('live').textContent === 'live'", TimeSpan.FromSeconds(20));
        return session;
    }

    /// <summary>Waits for a condition on the page; on a timeout, fails with what the page showed.</summary>
    public async Task WaitForAsync(string condition, TimeSpan timeout)
    {
        try
        {
            await Page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException ex)
        {
            var text = await Page.Locator("main").InnerTextAsync();
            Assert.Fail($"The page did not get there ({condition}): console [{string.Join("; ", ConsoleErrors)}]. {ex.Message}\nPage:\n{text}");
        }
    }

    /// <summary>The text of a queue card's field.</summary>
    public static string QueueField(string queue, string field) =>
        $"document.querySelector('#queues [data-queue=\"{queue}\"] [data-field=\"{field}\"]')?.textContent";

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryPaths.Screenshots, name), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>Where things are in the repository, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Screenshots => Path.Combine(Root, "docs", "screenshots");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AsyncAi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AsyncAi.sln not found above " + AppContext.BaseDirectory);
    }
}
