using Amazon.SQS.Model;

namespace AsyncAi.Testing.Emulator.Tests;

// These tests start their own emulators: stopping or restarting a shared one would disturb other tests.
public sealed class LifecycleTests
{
    [Fact]
    public async Task Restart_keeps_a_queued_message_and_the_port()
    {
        await using var emulator = await FauxqsEmulator.StartAsync();
        using var sqs = emulator.CreateSqsClient();
        var queueUrl = await emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("jobs"));
        await sqs.SendMessageAsync(queueUrl, "survives a crash");
        var port = emulator.Port;

        await emulator.RestartAsync();

        Assert.True(emulator.IsRunning);
        Assert.Equal(port, emulator.Port);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            WaitTimeSeconds = 1,
        });
        Assert.Equal("survives a crash", Assert.Single(received.Messages).Body);
    }

    // fauxqs 2.4.1 with persistence lost such a message (a NOT NULL violation in its SQLite update, after the
    // message had left the in-flight set); scripts/local-aws/fauxqs-server.mjs repairs it. A worker shutting
    // down hands unfinished jobs back exactly this way.
    [Fact]
    public async Task Visibility_zero_with_persistence_makes_the_message_receivable_again_and_after_a_restart()
    {
        await using var emulator = await FauxqsEmulator.StartAsync(new FauxqsEmulatorOptions { Persistence = true });
        using var sqs = emulator.CreateSqsClient();
        var queueUrl = await emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("jobs"));
        await sqs.SendMessageAsync(queueUrl, "handed back");

        var first = await ReceiveOneAsync(sqs, queueUrl);
        await sqs.ChangeMessageVisibilityAsync(queueUrl, first.ReceiptHandle, 0);
        var second = await ReceiveOneAsync(sqs, queueUrl);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal("2", second.Attributes["ApproximateReceiveCount"]);

        // Released again, then a crash: the stored state must say "ready", not "in flight for 10 minutes".
        await sqs.ChangeMessageVisibilityAsync(queueUrl, second.ReceiptHandle, 0);
        await emulator.RestartAsync();

        var third = await ReceiveOneAsync(sqs, queueUrl);
        Assert.Equal(first.MessageId, third.MessageId);
        Assert.Equal("handed back", third.Body);
        Assert.Equal("3", third.Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task Requests_fail_while_stopped_and_work_after_restart()
    {
        await using var emulator = await FauxqsEmulator.StartAsync();
        // No retries: the SDK would otherwise back off for seconds against the stopped endpoint.
        var config = emulator.CreateSqsConfig();
        config.MaxErrorRetry = 0;
        using var sqs = new Amazon.SQS.AmazonSQSClient(FauxqsEmulator.Credentials, config);
        var queueUrl = await emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("jobs"));

        await emulator.StopAsync();
        Assert.False(emulator.IsRunning);
        await Assert.ThrowsAnyAsync<Exception>(() => sqs.SendMessageAsync(queueUrl, "lost"));

        await emulator.RestartAsync();
        await sqs.SendMessageAsync(queueUrl, "delivered");
        var received = await sqs.ReceiveMessageAsync(queueUrl);
        Assert.Equal("delivered", Assert.Single(received.Messages).Body);
    }

    [Fact]
    public async Task Parallel_emulators_are_isolated_and_dispose_stops_the_process()
    {
        var first = await FauxqsEmulator.StartAsync(new FauxqsEmulatorOptions { Persistence = false });
        await using var second = await FauxqsEmulator.StartAsync(new FauxqsEmulatorOptions { Persistence = false });
        Assert.NotEqual(first.Port, second.Port);

        var name = FauxqsEmulator.UniqueName("only-in-first");
        await first.CreateQueueAsync(name);
        using (var sqs = second.CreateSqsClient())
        {
            await Assert.ThrowsAsync<QueueDoesNotExistException>(() => sqs.GetQueueUrlAsync(name));
        }

        var health = new Uri(first.ServiceUrl, "/health");
        await first.DisposeAsync();

        Assert.False(first.IsRunning);
        Assert.False(Directory.Exists(first.DataDirectory));
        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(health));
    }

    private static async Task<Message> ReceiveOneAsync(Amazon.SQS.IAmazonSQS sqs, string queueUrl)
    {
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            // Long enough that only a release, never an expiry, can make the message visible again in this test.
            VisibilityTimeout = 600,
            WaitTimeSeconds = 1,
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        });
        return Assert.Single(received.Messages);
    }
}
