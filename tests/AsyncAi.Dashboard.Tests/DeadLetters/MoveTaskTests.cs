using Amazon.Runtime;
using AsyncAi.Dashboard;

namespace AsyncAi.Dashboard.Tests.DeadLetters;

/// <summary>
/// "Redrive all" where SQS offers a message move task. The emulator has none, so the SQS client here answers
/// StartMessageMoveTask and ListMessageMoveTasks as SQS documents them, moving the messages with the emulator's own calls.
/// </summary>
public sealed class MoveTaskTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task Redrive_all_asks_SQS_for_a_move_task_from_the_dead_letter_queue_to_its_source_and_reports_its_progress()
    {
        MoveTaskSqsClient? sqs = null;
        await using var app = await DashboardApp.StartAsync(Emulator, sqs: config => sqs = new MoveTaskSqsClient(config));
        await app.WaitForQueuesAsync();
        await app.SendDeadLettersAsync(app.Queues.DeadLetterQueueUrl, 20, "handler_failed");
        using var http = app.CreateClient();
        var (header, token, _) = await DashboardPage.LoadAsync(http);

        using var response = await http.SendAsync(DashboardPage.Post("/ops/api/dead-letters/requests-dlq/redrive", """{"all":true}""", header, token));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await app.Services.GetRequiredService<DeadLetterBrowser>().WhenIdleAsync();

        var queues = app.Services.GetRequiredService<DashboardQueues>();
        var started = Assert.Single(sqs!.Started);
        Assert.Equal(queues.Find("requests-dlq")!.Arn, started.SourceArn);
        Assert.Equal(queues.Find("requests")!.Arn, started.DestinationArn);
        var operation = Assert.Single(app.Services.GetRequiredService<DeadLetterBrowser>().Operations());
        Assert.Equal(("message-move-task", "done", 20L), (operation.Method, operation.State, operation.Moved));
        Assert.Equal(20, (await app.Sqs.DrainAsync(app.Queues.RequestQueueUrl, 20, TimeSpan.FromSeconds(20))).Count);
        Assert.Equal(0, app.Calls.Count("SendMessageBatch") - 2); // only the test's own two sends: the dashboard moved nothing itself
    }

    [Fact]
    public async Task With_UseMessageMoveTask_off_redrive_all_never_asks_for_a_move_task()
    {
        await using var app = await DashboardApp.StartAsync(Emulator, o => o.UseMessageMoveTask = false);
        await app.WaitForQueuesAsync();
        await app.SendDeadLettersAsync(app.Queues.DeadLetterQueueUrl, 3, "r");
        using var http = app.CreateClient();
        var (header, token, _) = await DashboardPage.LoadAsync(http);
        using var response = await http.SendAsync(DashboardPage.Post("/ops/api/dead-letters/requests-dlq/redrive", """{"all":true}""", header, token));
        await app.Services.GetRequiredService<DeadLetterBrowser>().WhenIdleAsync();
        Assert.Equal(0, app.Calls.Count("StartMessageMoveTask"));
        Assert.Equal("batched", Assert.Single(app.Services.GetRequiredService<DeadLetterBrowser>().Operations()).Method);
        Assert.Equal(3, (await app.DepthAsync(app.Queues.RequestQueueUrl)).Visible);
    }

    /// <summary>An SQS client whose move task moves the messages (receive, send, delete) in the background, as SQS would.</summary>
    private sealed class MoveTaskSqsClient(AmazonSQSConfig config) : AmazonSQSClient(FauxqsEmulator.Credentials, config)
    {
        private Task? _move;
        private long _moved;

        public List<StartMessageMoveTaskRequest> Started { get; } = [];

        public override async Task<StartMessageMoveTaskResponse> StartMessageMoveTaskAsync(StartMessageMoveTaskRequest request, CancellationToken cancellationToken = default)
        {
            Started.Add(request);
            var source = (await GetQueueUrlAsync(request.SourceArn.Split(':')[5], cancellationToken)).QueueUrl;
            var destination = (await GetQueueUrlAsync(request.DestinationArn.Split(':')[5], cancellationToken)).QueueUrl;
            _move = Task.Run(async () =>
            {
                while ((await ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = source, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, MessageAttributeNames = ["All"] })).Messages is { Count: > 0 } batch)
                {
                    foreach (var message in batch)
                    {
                        await SendMessageAsync(new SendMessageRequest { QueueUrl = destination, MessageBody = message.Body, MessageAttributes = message.MessageAttributes });
                        await DeleteMessageAsync(source, message.ReceiptHandle);
                        Interlocked.Increment(ref _moved);
                    }
                }
            }, CancellationToken.None);
            return new StartMessageMoveTaskResponse { TaskHandle = "task-1", HttpStatusCode = HttpStatusCode.OK };
        }

        public override Task<ListMessageMoveTasksResponse> ListMessageMoveTasksAsync(ListMessageMoveTasksRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ListMessageMoveTasksResponse
            {
                Results =
                [
                    new ListMessageMoveTasksResultEntry
                    {
                        TaskHandle = "task-1",
                        SourceArn = request.SourceArn,
                        Status = _move is { IsCompleted: true } ? "COMPLETED" : "RUNNING",
                        ApproximateNumberOfMessagesMoved = Interlocked.Read(ref _moved),
                    },
                ],
                HttpStatusCode = HttpStatusCode.OK,
            });
    }
}
