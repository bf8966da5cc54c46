namespace AsyncAi.Worker.Tests.Conformance;

/// <summary>The conformance suite against the real SQS worker and client, on the emulator.</summary>
[Collection(FauxqsCollection.Name)]
public sealed class SqsWorkerModeConformanceTests(FauxqsFixture fixture) : JobModeConformance
{
    protected override async Task<IJobModeDriver> CreateAsync(bool runNow = true)
    {
        var env = await WorkerTestEnvironment.CreateAsync(fixture);
        var driver = new Driver(env);
        if (runNow)
        {
            await driver.RunAsync();
        }

        return driver;
    }

    private sealed class Driver(WorkerTestEnvironment env) : IJobModeDriver
    {
        private readonly List<Message> _deadLettered = [];

        public ConformanceLog Log { get; } = new();

        public Task<PublishedJob> PublishAsync(JobRequest request) => env.Publisher.PublishAsync(request);

        public Task CancelAsync(JobId jobId, string? owner = null) => env.Publisher.CancelAsync(jobId, owner);

        public Task RunAsync() => env.StartHostAsync(s =>
        {
            s.AddSingleton(Log);
            s.AddAsyncAiWorker(env.Defaults).AddConformanceHandlers();
        });

        public Task<JobCompletion> WaitForCompletionAsync(JobId jobId, string? owner = null) => env.WaitAsync(jobId, owner);

        public async Task<string?> WaitForDeadLetterAsync(JobId jobId)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!timeout.IsCancellationRequested)
            {
                var found = _deadLettered.FirstOrDefault(m => m.MessageAttributes.TryGetValue(MessageAttributeNames.JobId, out var id) && id.StringValue == jobId.Value);
                if (found is not null)
                {
                    return found.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue;
                }

                var received = await env.Sqs.ReceiveMessageAsync(
                    new ReceiveMessageRequest { QueueUrl = env.DeadLetterQueueUrl.ToString(), WaitTimeSeconds = 1, MaxNumberOfMessages = 10, MessageAttributeNames = ["All"] },
                    timeout.Token);
                _deadLettered.AddRange(received.Messages ?? []);
            }

            return null;
        }

        public async Task<bool> HasCompletionAsync(JobId jobId)
        {
            // The dead-letter move is the job's last step; give a stray completion a moment to arrive anyway.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var status = await env.Client.Services.GetRequiredService<IJobStatusStore>().GetAsync(jobId);
            return status?.LastEvent is { IsTerminal: true };
        }

        public ValueTask DisposeAsync() => env.DisposeAsync();
    }
}
