namespace AsyncAi.Samples.Tests;

/// <summary>
/// The samples configured for a worker outside AWS: no response queue, no S3 writes. The worker gets presigned
/// upload URLs from the backend's <c>/worker/upload-urls</c> with its job's own credential (the backend accepts no
/// shared token) and reports by signed webhook to
/// <c>/webhooks/asyncai</c>; the job still reaches the page's API as succeeded, with its result.
/// </summary>
public sealed class WorkerOutsideAwsTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task Job_completes_through_presigned_uploads_and_a_signed_webhook()
    {
        Prerequisites.RequireModels();
        await using var stack = await SampleStack.StartAsync(Emulator, webhookMode: true);
        using var http = new HttpClient { BaseAddress = stack.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };

        var image = await File.ReadAllBytesAsync(RepositoryPaths.SampleImage);
        var job = await SampleApi.CreateAndUploadAsync(http, image, "image/png", stack);
        using (var start = await http.PostAsJsonAsync(job.GetProperty("startUrl").GetString(), new { }))
        {
            Assert.True(start.IsSuccessStatusCode, $"start: {(int)start.StatusCode}\n{stack.Logs}");
        }

        var view = await PollUntilFinishedAsync(http, job.GetProperty("statusUrl").GetString()!, stack);

        Assert.True(view.GetProperty("state").GetString() == "succeeded", $"{view}\n{stack.Logs}");
        Assert.Equal("sample-worker-outside-aws", view.GetProperty("workerId").GetString());
        var resultJson = view.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "result.json");
        var result = await http.GetFromJsonAsync<JsonElement>(resultJson.GetProperty("url").GetString());
        Assert.Contains("ASYNC AI 2026", result.GetProperty("text").GetString(), StringComparison.Ordinal);

        // The same endpoints refuse callers without the secret or the token.
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/webhooks/asyncai") { Content = new StringContent("{\"v\":1}") };
        forged.Headers.Add("webhook-id", "msg_forged");
        forged.Headers.Add("webhook-timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        forged.Headers.Add("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        using var forgedResponse = await http.SendAsync(forged);
        using var anonymousUpload = await http.PostAsJsonAsync("/worker/upload-urls", new { jobId = "abc", outputName = "x.png", contentType = "image/png" });
        using var tokenUpload = new HttpRequestMessage(HttpMethod.Post, "/worker/upload-urls")
        {
            Content = JsonContent.Create(new { jobId = view.GetProperty("jobId").GetString(), outputName = "late.png", contentType = "image/png" }),
        };
        tokenUpload.Headers.Authorization = new("Bearer", "0123456789abcdef0123456789abcdef-not-a-credential");
        using var tokenUploadResponse = await http.SendAsync(tokenUpload);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, forgedResponse.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymousUpload.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, tokenUploadResponse.StatusCode);
    }

    private static async Task<JsonElement> PollUntilFinishedAsync(HttpClient http, string statusUrl, SampleStack stack)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync(statusUrl);
            if (response.IsSuccessStatusCode)
            {
                var view = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (view.GetProperty("isFinished").GetBoolean())
                {
                    return view;
                }
            }

            await Task.Delay(250);
        }

        Assert.Fail($"The job did not finish within 3 minutes.\n{stack.Logs}");
        return default;
    }
}
