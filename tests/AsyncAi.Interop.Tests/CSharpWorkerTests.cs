using System.Security.Cryptography;

namespace AsyncAi.Interop.Tests;

/// <summary>A producer written in Python from docs/wire-format.md (samples/python-worker/producer.py) and the AsyncAi .NET worker.</summary>
public sealed class CSharpWorkerTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task A_job_published_by_the_Python_producer_runs_on_the_AsyncAi_worker_and_its_completion_event_follows_the_schema()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        await env.StartWorkerAsync(w => w.AddJobHandler<ReverseHandler>("reverse"));
        var input = Path.GetTempFileName();
        await File.WriteAllTextAsync(input, "from python");
        try
        {
            var (exitCode, producer) = await env.RunPythonProducerAsync("reverse", "--input", $"text={input}", "--parameters", """{"upper":false}""", "--wait", "90");

            Assert.True(exitCode == 0, producer.Output);
            var body = producer.StandardOutput.Trim();
            WireSchemaValidator.AssertValid("event-message.schema.json", body);
            var completion = JobWireFormat.DeserializeEvent(body).Event.Completion!;
            Assert.Equal(JobStatus.Succeeded, completion.Status);
            var output = completion.FindOutput("reversed.txt")!;
            var content = await env.GetBytesAsync(output.Location);
            Assert.Equal("nohtyp morf", Encoding.UTF8.GetString(content));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), output.Sha256);
            WireSchemaValidator.AssertValid("completion-record.schema.json", (await env.TryGetAsync($"jobs/{completion.JobId}/_completion.json"))!);
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Fact]
    public async Task The_AsyncAi_worker_runs_jobs_without_attributes_with_unknown_fields_and_other_timestamp_spellings()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        await env.StartWorkerAsync(w => w.AddJobHandler<ReverseHandler>("reverse"));
        var client = await env.StartClientAsync();

        var ids = await TolerableMessages.SendAllAsync(env, "reverse");

        // The reverse handler needs an input these jobs lack: a readable job with a missing input fails, it is not dead-lettered.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        foreach (var id in ids)
        {
            var completion = await client.Services.GetRequiredService<IJobEvents>().WaitForCompletionAsync(id, timeout.Token);
            Assert.Equal(JobStatus.Failed, completion.Status);
            Assert.True(JobErrorCodes.InputMissing == completion.Error?.Code, completion.Error?.Message);
        }
    }

    [Fact]
    public async Task The_AsyncAi_worker_dead_letters_the_same_bad_messages_as_the_Python_worker()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        await env.StartWorkerAsync(w => w.AddJobHandler<ReverseHandler>("reverse"));

        await BadMessages.SendAllAsync(env);
        var deadLetters = await env.DrainAsync(env.DeadLetterQueueUrl, BadMessages.Count, TimeSpan.FromSeconds(60));

        BadMessages.AssertAllDeadLettered(deadLetters, "(the .NET worker logs to the console)");
    }

    [Fact]
    public async Task The_AsyncAi_worker_dead_letters_every_forged_message_with_its_reason_and_touches_nothing()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        await env.StartWorkerAsync(w => w.AddJobHandler<ReverseHandler>("reverse"));

        await ForgedMessageRun.RunAndAssertAsync(env, () => "(the .NET worker logs to the console)");
    }
}
