// The example that docs/testing-your-handlers.md walks through: a handler of your own, tested in memory.
// Keep the two in step: the doc quotes this file.
using System.Text;
using AsyncAi.Testing;

namespace AsyncAi.Testing.Tests;

/// <summary>A handler as an application would write it: read an input, report progress, write an output.</summary>
public sealed class UpperCaseHandler : IJobHandler
{
    public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
    {
        await using var input = await context.OpenInputAsync("text", cancellationToken);
        using var reader = new StreamReader(input, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        await context.ReportProgressAsync(0.5, "read", cancellationToken);

        if (text.Length == 0)
        {
            throw new InvalidJobInputException("The text is empty.");
        }

        await context.Outputs.WriteAsync("upper.txt", Encoding.UTF8.GetBytes(text.ToUpperInvariant()), "text/plain", cancellationToken);
    }
}

public sealed class ExampleTests
{
    [Fact]
    public async Task Upper_case_handler_writes_the_upper_cased_text()
    {
        await using var harness = AsyncAiTestHarness.Create(worker => worker.AddJobHandler<UpperCaseHandler>("upper"));
        var input = harness.AddInput("text.txt", "hello"u8.ToArray(), "text/plain");

        var completion = await harness.RunAsync(new JobRequest("upper")
        {
            Inputs = new Dictionary<string, ObjectReference> { ["text"] = input },
        });

        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.Equal("HELLO", harness.ReadOutputText(completion.FindOutput("upper.txt")!));
        Assert.Equal(
            [JobEventType.Queued, JobEventType.Started, JobEventType.Progress, JobEventType.Succeeded],
            harness.EventsOf(completion.JobId).Select(e => e.Type));
    }

    [Fact]
    public async Task Upper_case_handler_rejects_empty_text_without_retrying()
    {
        await using var harness = AsyncAiTestHarness.Create(worker => worker.AddJobHandler<UpperCaseHandler>("upper"));
        var input = harness.AddInput("empty.txt", Array.Empty<byte>(), "text/plain");

        var completion = await harness.RunAsync(new JobRequest("upper")
        {
            Inputs = new Dictionary<string, ObjectReference> { ["text"] = input },
        });

        Assert.Equal(JobStatus.Failed, completion.Status);
        Assert.Equal(JobErrorCodes.InvalidInput, completion.Error?.Code);
        Assert.Equal(1, completion.Attempts);
    }
}
