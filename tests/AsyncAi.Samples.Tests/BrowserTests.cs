using Microsoft.Playwright;

namespace AsyncAi.Samples.Tests;

/// <summary>
/// The newcomer's path, in a real browser: open the sample page, pick an image, and see the recognised text and
/// the overlay image appear; a job that fails, one cancelled with the page's button, and a file over the limit. Headless Debian Chromium driven by Playwright; the backend and the worker run as
/// processes against the emulator.
/// </summary>
public sealed class BrowserTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task Page_uploads_an_image_and_shows_the_recognised_text_and_the_overlay()
    {
        await using var session = await BrowserSession.StartAsync(Emulator);
        var (stack, page, consoleErrors) = (session.Stack, session.Page, session.ConsoleErrors);
        Assert.Equal("10.0 MB", await page.Locator("#max-size").InnerTextAsync());
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

        // Every region stays listed, folded away under the blocks (a closed <details> renders nothing, so read its text).
        var lines = await page.Locator("#lines li").AllTextContentsAsync();
        var text = string.Join("\n", lines);
        Assert.Contains("Hello AsyncAi", text, StringComparison.Ordinal);
        Assert.Contains("ASYNC AI 2026", text, StringComparison.Ordinal);
        // The result's blocks (issue 29), each with its lines, in reading order.
        var blocks = string.Join("\n", await page.Locator("#blocks .block li").AllInnerTextsAsync());
        Assert.Contains("Hello AsyncAi", blocks, StringComparison.Ordinal);
        Assert.Contains("ASYNC AI 2026", blocks, StringComparison.Ordinal);
        Assert.True(await page.Locator("#blocks").IsVisibleAsync());
        Assert.Equal(100, await page.Locator("#upload-progress").EvaluateAsync<int>("e => e.value"));
        Assert.Equal(100, await page.Locator("#job-progress").EvaluateAsync<int>("e => e.value"));
        Assert.Contains("s3://", await page.Locator("#fact-location").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(await page.Locator("#error:visible").AllAsync());

        // The finished job appears in "Your recent jobs" with its state.
        await page.Locator("#recent-list li .state.succeeded").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal(await page.Locator("#fact-job").InnerTextAsync(), await page.Locator("#recent-list li").First.GetAttributeAsync("data-job-id"));

        // The screenshot in the docs is this page, made by this test (commit the file when it changes).
        Directory.CreateDirectory(RepositoryPaths.Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryPaths.Screenshots, "finished-job.png"), FullPage = true });
    }

    [Fact]
    public async Task A_job_that_fails_shows_one_message_and_a_red_bar()
    {
        await using var session = await BrowserSession.StartAsync(Emulator);
        var page = session.Page;

        // A PNG by name and type, not by content: the worker cannot decode it, and the job fails.
        var broken = Path.Combine(Directory.CreateTempSubdirectory("asyncai-browser-").FullName, "broken.png");
        await File.WriteAllTextAsync(broken, "this is not an image");
        await page.Locator("#file").SetInputFilesAsync(broken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recognise text" }).ClickAsync();
        await session.WaitForAsync("() => !document.getElementById('error').hidden", TimeSpan.FromMinutes(3));

        var error = await page.Locator("#error").InnerTextAsync();
        Assert.StartsWith("The job failed.", error, StringComparison.Ordinal);
        Assert.Equal(1, CountOccurrences(await page.Locator("main").InnerTextAsync(), error));
        Assert.Equal(string.Empty, await page.Locator("#status").InnerTextAsync());
        Assert.Contains("failed", await page.Locator("#job-progress").GetAttributeAsync("class") ?? string.Empty, StringComparison.Ordinal);
        Assert.NotEqual(100, await page.Locator("#job-progress").EvaluateAsync<int>("e => e.value"));
        Assert.True(await page.Locator("#result").IsHiddenAsync());

        // "Your recent jobs" (the job store through GET /api/jobs): a second job from this browser goes under the same
        // access key, and both are listed, newest first, each with its final state.
        var firstJob = await page.Locator("#fact-job").InnerTextAsync();
        var key = await page.EvaluateAsync<string>("() => localStorage.getItem('asyncai-access-key')");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recognise text" }).ClickAsync();
        await session.WaitForAsync(
            $"() => document.querySelectorAll('#recent-list li .state.failed').length === 2 && document.getElementById('fact-job').textContent !== '{firstJob}'",
            TimeSpan.FromMinutes(3));
        var secondJob = await page.Locator("#fact-job").InnerTextAsync();
        var listed = await page.Locator("#recent-list li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.jobId)");
        Assert.Equal([secondJob, firstJob], listed);
        Assert.Equal(key, await page.EvaluateAsync<string>("() => localStorage.getItem('asyncai-access-key')"));
    }

    [Fact]
    public async Task The_cancel_button_cancels_the_job()
    {
        await using var session = await BrowserSession.StartAsync(Emulator);
        var page = session.Page;

        // Hold the page's "start" call until the cancel button was used, so the job is cancelled before any
        // worker can finish it, whatever the machine's speed.
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // By path: the page's URLs carry the anonymous job's access key in their query.
        await page.RouteAsync(url => new Uri(url).AbsolutePath.EndsWith("/start", StringComparison.Ordinal), async route =>
        {
            await cancelled.Task.WaitAsync(TimeSpan.FromMinutes(1));
            await route.ContinueAsync();
        });
        await page.Locator("#file").SetInputFilesAsync(RepositoryPaths.SampleImage);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recognise text" }).ClickAsync();
        await page.Locator("#upload-text", new() { HasTextString = "uploaded" }).WaitForAsync();
        var cancelResponse = page.WaitForResponseAsync(r => new Uri(r.Url).AbsolutePath.EndsWith("/cancel", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();
        Assert.Equal(202, (await cancelResponse).Status);
        cancelled.SetResult();

        await session.WaitForAsync("() => !document.getElementById('error').hidden", TimeSpan.FromMinutes(3));
        Assert.Equal("The job was cancelled.", await page.Locator("#error").InnerTextAsync());
        Assert.Equal("cancelled", await page.Locator("#job-state").InnerTextAsync());
        Assert.Contains("failed", await page.Locator("#job-progress").GetAttributeAsync("class") ?? string.Empty, StringComparison.Ordinal);
        Assert.True(await page.Locator("#cancel").IsHiddenAsync());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_its_own_size_before_anything_is_uploaded()
    {
        await using var session = await BrowserSession.StartAsync(Emulator);
        var page = session.Page;
        var large = Path.Combine(Directory.CreateTempSubdirectory("asyncai-browser-").FullName, "large.png");
        await File.WriteAllBytesAsync(large, new byte[11 * 1024 * 1024]);
        var calls = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/jobs", StringComparison.Ordinal) && request.Method == "POST")
            {
                Interlocked.Increment(ref calls);
            }
        };

        await page.Locator("#file").SetInputFilesAsync(large);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recognise text" }).ClickAsync();

        await session.WaitForAsync("() => !document.getElementById('error').hidden", TimeSpan.FromSeconds(30));
        Assert.Equal("This image is 11.0 MB; the largest allowed is 10.0 MB.", await page.Locator("#error").InnerTextAsync());
        Assert.Equal(0, calls);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
