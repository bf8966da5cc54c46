using AsyncAi.Testing.Emulator;
using Microsoft.Playwright;

namespace AsyncAi.Samples.Tests;

/// <summary>
/// The newcomer's path, in a real browser: open the sample page, pick an image, and see the recognised text and
/// the overlay image appear. Headless Debian Chromium driven by Playwright; the backend and the worker run as
/// processes against the emulator.
/// </summary>
[Collection(FauxqsCollection.Name)]
public sealed class BrowserTests(FauxqsFixture fauxqs)
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task Page_uploads_an_image_and_shows_the_recognised_text_and_the_overlay()
    {
        Prerequisites.RequireChromium();
        Prerequisites.RequireModels();
        await using var stack = await SampleStack.StartAsync(fauxqs.Emulator);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Prerequisites.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 1000 } });
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        await page.GotoAsync(stack.BaseUrl.ToString());
        await page.Locator("#file").SetInputFilesAsync(RepositoryPaths.SampleImage);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recognise text" }).ClickAsync();

        try
        {
            // Generous: on a busy 2-core machine the first job also loads both models. An error ends the wait early.
            await page.WaitForFunctionAsync(
                "() => !document.getElementById('result').hidden || !document.getElementById('error').hidden",
                null,
                new PageWaitForFunctionOptions { Timeout = 180_000, PollingInterval = 250 });
            if (await page.Locator("#error").IsVisibleAsync())
            {
                throw new TimeoutException("the page shows an error instead of a result");
            }

            await page.WaitForFunctionAsync(
                "() => { const img = document.getElementById('overlay'); return img.complete && img.naturalWidth > 0; }",
                null,
                new PageWaitForFunctionOptions { Timeout = 30_000 });
        }
        catch (TimeoutException ex)
        {
            var state = await page.Locator("#status").InnerTextAsync();
            var error = await page.Locator("#error").InnerTextAsync();
            Assert.Fail($"The page showed no result: status '{state}', error '{error}', console [{string.Join("; ", consoleErrors)}]. {ex.Message}\n{stack.Logs}");
        }

        var lines = await page.Locator("#lines li").AllInnerTextsAsync();
        var text = string.Join("\n", lines);
        Assert.Contains("Hello AsyncAi", text, StringComparison.Ordinal);
        Assert.Contains("ASYNC AI 2026", text, StringComparison.Ordinal);
        Assert.Equal(100, await page.Locator("#upload-progress").EvaluateAsync<int>("e => e.value"));
        Assert.Equal(100, await page.Locator("#job-progress").EvaluateAsync<int>("e => e.value"));
        Assert.Contains("s3://", await page.Locator("#fact-location").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(await page.Locator("#error:visible").AllAsync());

        // The screenshot in the docs is this page, made by this test (commit the file when it changes).
        Directory.CreateDirectory(RepositoryPaths.Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryPaths.Screenshots, "finished-job.png"), FullPage = true });
    }
}
