namespace AsyncAi.Dashboard.Tests.Browser;

/// <summary>The queue cards in a real browser: depths come live over the stream, with their last hour as a line.</summary>
public sealed class QueueViewTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task A_request_queue_that_fills_and_drains_shows_it_on_screen_live_with_its_history()
    {
        await using var app = await DashboardApp.StartAsync(Emulator);
        await app.WaitForQueuesAsync();
        await using var browser = await DashboardBrowser.OpenAsync(app);
        await browser.WaitForAsync($"() => {DashboardBrowser.QueueField("requests", "visible")} === '0'", TimeSpan.FromSeconds(10));

        await app.SendDeadLettersAsync(app.Queues.RequestQueueUrl, 30, "(not a dead letter: a job)");
        await browser.WaitForAsync($"() => {DashboardBrowser.QueueField("requests", "visible")} === '30'", TimeSpan.FromSeconds(10));
        // What SQS cannot tell without CloudWatch is said, not made up.
        Assert.Contains("CloudWatch", await browser.Page.Locator("#queues [data-queue=\"requests\"] [data-field=\"age\"]").InnerTextAsync());
        await browser.ScreenshotAsync("dashboard-queues-filled.png");

        // A consumer takes 10 and holds them: they show as in flight; then it drains the queue.
        var held = await app.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = app.Queues.RequestQueueUrl.AbsoluteUri, MaxNumberOfMessages = 10, VisibilityTimeout = 60 });
        await browser.WaitForAsync($"() => {DashboardBrowser.QueueField("requests", "inflight")} === '{held.Messages.Count}'", TimeSpan.FromSeconds(10));
        foreach (var message in held.Messages)
        {
            await app.Sqs.DeleteMessageAsync(app.Queues.RequestQueueUrl.AbsoluteUri, message.ReceiptHandle);
        }

        await app.Sqs.DrainAsync(app.Queues.RequestQueueUrl, 30 - held.Messages.Count, TimeSpan.FromSeconds(20));
        await browser.WaitForAsync(
            $"() => {DashboardBrowser.QueueField("requests", "visible")} === '0' && {DashboardBrowser.QueueField("requests", "inflight")} === '0'",
            TimeSpan.FromSeconds(10));

        // The sparkline holds the rise and the fall: some point at 30 and the latest at 0.
        var points = await browser.Page.Locator("#queues [data-queue=\"requests\"] polyline.visible").GetAttributeAsync("points");
        Assert.NotNull(points);
        var ys = points.Split(' ').Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(ys.Min() < 3, "the line reaches the top (30 visible) somewhere");
        Assert.True(ys[^1] > 37, "the line ends at the bottom (0 visible)");
        await browser.ScreenshotAsync("dashboard-queues-drained.png");
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task On_a_phone_sized_screen_every_section_is_readable_without_sideways_scrolling_of_the_page()
    {
        await using var app = await DashboardApp.StartAsync(Emulator);
        await app.WaitForQueuesAsync();
        await app.SendDeadLettersAsync(app.Queues.DeadLetterQueueUrl, 3, "No handler is registered for job type 'resize'");
        await using var browser = await DashboardBrowser.OpenAsync(app, width: 390, height: 844);
        await browser.Page.Locator("#dlq-requests-dlq [data-action=\"scan\"]").ClickAsync();
        await browser.WaitForAsync("() => document.querySelectorAll('#dlq-requests-dlq tbody tr').length === 3", TimeSpan.FromSeconds(15));
        var overflow = await browser.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than a phone's screen");
        Assert.Contains("workers appear once they send heartbeats", (await browser.Page.Locator("#workers-note").InnerTextAsync()).ToLowerInvariant());
        await browser.ScreenshotAsync("dashboard-phone.png");
    }
}
