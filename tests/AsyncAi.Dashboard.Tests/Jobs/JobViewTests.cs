using Amazon.S3;
using Amazon.S3.Model;

namespace AsyncAi.Dashboard.Tests.Jobs;

/// <summary>Jobs from the job store: listed, filtered, opened, cancelled from the page.</summary>
public sealed class JobViewTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task Jobs_are_listed_and_filtered_a_job_opens_with_its_record_and_a_queued_one_is_cancelled_from_the_page()
    {
        await using var app = await DashboardApp.StartAsync(Emulator);
        await app.WaitForQueuesAsync();
        var publisher = app.Services.GetRequiredService<IJobPublisher>();
        var first = await publisher.PublishAsync(new JobRequest("ocr") { Owner = "tenant-a" });
        await publisher.PublishAsync(new JobRequest("ocr") { Owner = "tenant-b" });
        await publisher.PublishAsync(new JobRequest("resize") { Owner = "tenant-a" });

        using var http = app.CreateClient();
        var page = JsonDocument.Parse(await http.GetStringAsync("/ops/api/jobs?type=ocr&owner=tenant-a")).RootElement;
        Assert.Equal(first.JobId.Value, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("jobId").GetString());
        Assert.Empty(JsonDocument.Parse(await http.GetStringAsync("/ops/api/jobs?retried=true")).RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(3, JsonDocument.Parse(await http.GetStringAsync("/ops/api/jobs?status=Queued")).RootElement.GetProperty("items").GetArrayLength());

        await using var browser = await DashboardBrowser.OpenAsync(app);
        await browser.WaitForAsync("() => document.querySelectorAll('#jobs tbody tr[data-job]').length === 3", TimeSpan.FromSeconds(15));
        await browser.Page.Locator("#filter-type").FillAsync("ocr");
        await browser.Page.Locator("#filter-apply").ClickAsync();
        await browser.WaitForAsync("() => document.querySelectorAll('#jobs tbody tr[data-job]').length === 2", TimeSpan.FromSeconds(15));
        await browser.Page.Locator($"#jobs tr[data-job=\"{first.JobId.Value}\"]").ClickAsync();
        await browser.WaitForAsync("() => !document.getElementById('job-detail').hidden", TimeSpan.FromSeconds(10));
        var detail = await browser.Page.Locator("#job-detail").InnerTextAsync();
        Assert.Contains("tenant-a", detail);
        Assert.Contains("Queued", detail);
        await browser.ScreenshotAsync("dashboard-job-detail.png");
        await browser.Page.Locator("#job-detail [data-action=\"cancel\"]").ClickAsync();
        await browser.WaitForAsync("() => document.querySelector('#job-detail [data-action=\"cancel\"]').textContent === 'Cancellation requested'", TimeSpan.FromSeconds(10));

        // The cancel marker is where every worker looks for it.
        using var s3 = Emulator.CreateS3Client();
        var objects = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = app.Queues.Bucket, Prefix = "jobs/" });
        Assert.Contains(objects.S3Objects ?? [], o => o.Key.EndsWith($"{first.JobId.Value}/_cancel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_queryable_job_store_the_page_says_so_and_the_jobs_api_answers_no_job_store()
    {
        await using var app = await DashboardApp.StartAsync(Emulator, client: o => o.StatusStore = AsyncAi.Client.JobStatusStoreKind.S3);
        using var http = app.CreateClient();
        var (_, _, html) = await DashboardPage.LoadAsync(http);
        Assert.Equal("false", DashboardPage.Meta(html, "has-store"));
        Assert.Contains("No job store is configured", html);
        using var jobs = await http.GetAsync("/ops/api/jobs");
        Assert.Equal(HttpStatusCode.NotFound, jobs.StatusCode);
        Assert.Contains("no_job_store", await jobs.Content.ReadAsStringAsync());
    }
}
