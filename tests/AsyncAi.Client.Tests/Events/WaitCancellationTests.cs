namespace AsyncAi.Client.Tests.Events;

public sealed class WaitCancellationTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    // Far longer than any cancellation needs, so that only a wait that ignores its token fails the test.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(JobStatusStoreKind.InMemory)]
    [InlineData(JobStatusStoreKind.S3)]
    public async Task WaitForCompletionAsync_of_a_job_that_never_ends_throws_OperationCanceledException_when_its_timeout_passes(JobStatusStoreKind store)
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, o => o.StatusStore = store);
        var published = await client.Publisher.PublishAsync(new JobRequest("ocr"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var wait = client.Events.WaitForCompletionAsync(published.JobId, timeout.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(HangGuard));
    }

    [Theory]
    [InlineData(JobStatusStoreKind.InMemory)]
    [InlineData(JobStatusStoreKind.S3)]
    public async Task WaitForCompletionAsync_with_an_already_cancelled_token_throws_OperationCanceledException(JobStatusStoreKind store)
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, o => o.StatusStore = store);
        var published = await client.Publisher.PublishAsync(new JobRequest("ocr"));

        var wait = client.Events.WaitForCompletionAsync(published.JobId, new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(HangGuard));
    }
}
