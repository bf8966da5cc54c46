using System.Globalization;
using AsyncAi.Webhooks;

namespace AsyncAi.AspNetCore.Tests.Webhooks;

/// <summary>The webhook receiver over real HTTP, with the SDK's own signer making the deliveries.</summary>
public sealed class WebhookEndpointTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    private static readonly string Secret = WebhookSecret.Generate();

    [Fact]
    public async Task A_signed_delivery_reaches_the_status_store_and_a_copy_of_it_is_answered_200_without_handling_it_again()
    {
        var receiver = new CountingReceiver();
        await using var backend = await StartAsync(receiver);
        using var http = backend.CreateClient();
        var jobId = JobId.New();
        var body = EventBody(jobId, "café ✓");

        using var first = await http.SendAsync(Signed("msg_1", body));
        using var copy = await http.SendAsync(Signed("msg_1", body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        Assert.Equal(1, receiver.Calls);
        Assert.Equal("café ✓", receiver.Last?.Event.Message);
    }

    [Fact]
    public async Task Two_copies_arriving_at_once_are_handled_once_and_the_second_is_told_to_retry()
    {
        var receiver = new CountingReceiver { Delay = TimeSpan.FromMilliseconds(500) };
        await using var backend = await StartAsync(receiver);
        using var http = backend.CreateClient();
        var body = EventBody(JobId.New(), "x");

        var responses = await Task.WhenAll(http.SendAsync(Signed("msg_2", body)), http.SendAsync(Signed("msg_2", body)));

        Assert.Equal(1, receiver.Calls);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_delivery_whose_handling_failed_is_handled_again_when_retried()
    {
        var receiver = new CountingReceiver { FailFirst = true };
        await using var backend = await StartAsync(receiver);
        using var http = backend.CreateClient();
        var body = EventBody(JobId.New(), "x");

        using var failed = await http.SendAsync(Signed("msg_3", body));
        using var retried = await http.SendAsync(Signed("msg_3", body));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, receiver.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_refused_with_413_whether_chunked_or_with_a_length(bool chunked)
    {
        var receiver = new CountingReceiver();
        await using var backend = await StartAsync(receiver);
        using var http = backend.CreateClient();
        var body = EventBody(JobId.New(), new string('a', 4000));
        var request = Signed("msg_4", body);
        if (chunked)
        {
            request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(chunked, request.Content!.Headers.ContentLength is null);
        Assert.Equal(0, receiver.Calls);
    }

    [Fact]
    public async Task A_forged_signature_an_old_timestamp_or_bytes_that_are_not_UTF8_are_refused()
    {
        var receiver = new CountingReceiver();
        await using var backend = await StartAsync(receiver);
        using var http = backend.CreateClient();
        var body = EventBody(JobId.New(), "x");

        var forged = Signed("msg_5", body);
        forged.Headers.Remove(WebhookHeaders.Signature);
        forged.Headers.Add(WebhookHeaders.Signature, "v1," + Convert.ToBase64String(new byte[32]));
        using var forgedResponse = await http.SendAsync(forged);
        using var oldResponse = await http.SendAsync(Signed("msg_6", body, DateTimeOffset.UtcNow.AddMinutes(-10)));

        // Signed as text, sent with a byte that is not UTF-8: a lenient decoder would turn it into U+FFFD and verify
        // something other than what was sent.
        var invalid = Signed("msg_7", body);
        var bytes = Encoding.UTF8.GetBytes(body);
        bytes[bytes.Length - 3] = 0xFF;
        invalid.Content = new ByteArrayContent(bytes);
        using var invalidResponse = await http.SendAsync(invalid);

        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalidResponse.StatusCode);
        Assert.Equal("invalid_signature", (await Api.ProblemAsync(forgedResponse)).GetProperty("code").GetString());
        Assert.Equal(0, receiver.Calls);
    }

    [Fact]
    public async Task Mapping_the_receiver_without_a_secret_fails_at_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BackendApp.StartAsync(Emulator, map: app => app.MapAsyncAiWebhooks("/webhooks/asyncai")));

        Assert.Contains("AsyncAi:Endpoints:Webhooks:Secrets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_signed_with_one_jobs_secret_cannot_speak_for_another_job_nor_claim_its_delivery_id()
    {
        var receiver = new CountingReceiver();
        await using var backend = await StartAsync(receiver);
        using var http = backend.CreateClient();
        var (mine, victim) = (JobId.New(), JobId.New());
        var mySecret = JobWebhookSecret.Derive(Secret, mine, owner: null);

        // A worker holding its own job's secret posts an outcome for another job.
        using var forged = await http.SendAsync(Signed("msg_8", EventBody(victim, "forged"), secret: mySecret));
        // Or posts its own job's event under the victim's delivery id, hoping to make the real one look like a copy.
        using var squatted = await http.SendAsync(Signed($"{victim}-progress", EventBody(mine, "mine"), secret: mySecret));
        using var real = await http.SendAsync(Signed($"{victim}-progress", EventBody(victim, "real")));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, squatted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.Equal(2, receiver.Calls);
        Assert.Equal("real", receiver.Last?.Event.Message);
    }

    [Fact]
    public async Task The_shared_secret_itself_is_accepted_only_when_the_app_opts_in()
    {
        var receiver = new CountingReceiver();
        var body = EventBody(JobId.New(), "x");
        await using (var strict = await StartAsync(receiver))
        {
            using var http = strict.CreateClient();
            using var refused = await http.SendAsync(Signed("msg_9", body, secret: Secret));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await using var optedIn = await StartAsync(receiver, new() { ["AsyncAi:Endpoints:Webhooks:AcceptSharedSecret"] = "true" });
        using var client = optedIn.CreateClient();
        using var accepted = await client.SendAsync(Signed("msg_9", body, secret: Secret));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(1, receiver.Calls);
    }

    [Fact]
    public async Task A_signed_completion_listing_another_owners_output_is_refused_and_never_stored()
    {
        await using var backend = await BackendApp.StartAsync(
            Emulator,
            new() { ["AsyncAi:Endpoints:Webhooks:Secrets:0"] = Secret },
            map: app => app.MapAsyncAiWebhooks("/webhooks/asyncai"));
        using var http = backend.CreateClient();
        var jobId = JobId.New();
        var completion = new JobCompletion
        {
            JobId = jobId,
            Owner = "mallory",
            JobType = "echo",
            Status = JobStatus.Succeeded,
            Outputs = [new JobOutput { Name = "a.png", Location = new ObjectReference(backend.Resources.Bucket, $"jobs/owner=victim/{JobId.New()}/outputs/a.png"), SizeBytes = 1, ContentType = "image/png", Sha256 = new string('0', 64) }],
        };
        var body = JobWireFormat.Serialize(new EventMessage
        {
            EventId = $"owner=mallory/{jobId}:completion",
            Event = new JobEvent { JobId = jobId, Owner = "mallory", Type = JobEventType.Succeeded, Timestamp = DateTimeOffset.UtcNow, Completion = completion },
        });

        using var response = await http.SendAsync(Signed("msg_10", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not in that job's own outputs/ folder", (await Api.ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await backend.Services.GetRequiredService<IJobStatusStore>().GetAsync(jobId, "mallory"));
    }

    private Task<BackendApp> StartAsync(CountingReceiver receiver, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["AsyncAi:Endpoints:Webhooks:Secrets:0"] = Secret, ["AsyncAi:Endpoints:Webhooks:MaxBodyBytes"] = "2048" };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return BackendApp.StartAsync(
            Emulator,
            all,
            services => services.AddSingleton<IJobEventReceiver>(receiver),
            app => app.MapAsyncAiWebhooks("/webhooks/asyncai"));
    }

    private static string EventBody(JobId jobId, string message) => JobWireFormat.Serialize(new EventMessage
    {
        EventId = $"{jobId}-progress",
        Event = new JobEvent { JobId = jobId, Type = JobEventType.Progress, Timestamp = DateTimeOffset.UtcNow, Progress = 0.5, Message = message },
    });

    /// <summary>A delivery signed as a worker signs it: with the secret of the job the body names, unless told otherwise.</summary>
    private static HttpRequestMessage Signed(string id, string body, DateTimeOffset? at = null, string? secret = null)
    {
        var jobEvent = JobWireFormat.DeserializeEvent(body).Event;
        secret ??= JobWebhookSecret.Derive(Secret, jobEvent.JobId, jobEvent.Owner);
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/asyncai") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookHeaders.Id, id);
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp);
        request.Headers.Add(WebhookHeaders.Signature, new WebhookSigner(secret).Sign(id, timestamp, body));
        return request;
    }

    /// <summary>A receiver that counts what reaches it (and can be slow, or fail once).</summary>
    private sealed class CountingReceiver : IJobEventReceiver
    {
        private int _calls;

        public TimeSpan Delay { get; init; }

        public bool FailFirst { get; init; }

        public int Calls => Volatile.Read(ref _calls);

        public EventMessage? Last { get; private set; }

        public async ValueTask<bool> ReceiveAsync(EventMessage message, CancellationToken cancellationToken = default)
        {
            var call = Interlocked.Increment(ref _calls);
            Last = message;
            await Task.Delay(Delay, cancellationToken);
            if (FailFirst && call == 1)
            {
                throw new InvalidOperationException("the status store is down");
            }

            return true;
        }
    }
}
