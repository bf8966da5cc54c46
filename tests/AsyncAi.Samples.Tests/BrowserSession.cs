using Microsoft.Playwright;

namespace AsyncAi.Samples.Tests;

/// <summary>The sample stack and a headless Debian Chromium page open on it, for one browser test.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(SampleStack stack, IPlaywright playwright, IBrowser browser, IPage page)
    {
        Stack = stack;
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

    public SampleStack Stack { get; }

    public IPage Page { get; }

    public List<string> ConsoleErrors { get; } = [];

    public static async Task<BrowserSession> StartAsync(FauxqsEmulator emulator)
    {
        Prerequisites.RequireChromium();
        Prerequisites.RequireModels();
        var stack = await SampleStack.StartAsync(emulator);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Prerequisites.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 1000 } });
        var session = new BrowserSession(stack, playwright, browser, page);
        await page.GotoAsync(stack.BaseUrl.ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('max-size').textContent.length > 0");
        return session;
    }

    /// <summary>Waits for a condition on the page; on a timeout, fails with what the page and the processes showed.</summary>
    public async Task WaitForAsync(string condition, TimeSpan timeout)
    {
        try
        {
            await Page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 250 });
        }
        catch (TimeoutException ex)
        {
            var state = await Page.Locator("#status").InnerTextAsync();
            Assert.Fail($"The page did not get there: status '{state}', console [{string.Join("; ", ConsoleErrors)}]. {ex.Message}\n{Stack.Logs}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await Stack.DisposeAsync();
    }
}
