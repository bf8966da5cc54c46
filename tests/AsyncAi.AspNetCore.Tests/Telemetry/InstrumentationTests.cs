using System.Diagnostics;
using AsyncAi.AspNetCore.Tests.WorkerUploads;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AsyncAi.AspNetCore.Tests.Telemetry;

/// <summary>AddAsyncAiInstrumentation() on the OpenTelemetry SDK's builders, with a real job through both roles.</summary>
public sealed class InstrumentationTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task One_job_yields_the_publish_span_the_workers_span_in_the_same_trace_and_both_roles_metrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        // Always on: the publish span is a child of ASP.NET Core's request activity, which nothing here records
        // (an app adds AddAspNetCoreInstrumentation()); the default parent-based sampler would drop it with its parent.
        using var tracing = Sdk.CreateTracerProviderBuilder().SetSampler(new AlwaysOnSampler()).AddAsyncAiInstrumentation().AddInMemoryExporter(spans).Build();
        using var metering = Sdk.CreateMeterProviderBuilder().AddAsyncAiInstrumentation().AddInMemoryExporter(metrics).Build();

        await using var backend = await WorkerOutsideAwsTests.StartBackendAsync(Emulator);
        using var worker = await WorkerOutsideAwsTests.StartWorkerAsync(Emulator, backend);
        using var http = backend.CreateClient(user: "alice");
        var (job, view) = await WorkerOutsideAwsTests.RunJobAsync(http);
        Assert.Equal("succeeded", view.GetProperty("state").GetString());
        tracing!.ForceFlush();
        metering!.ForceFlush();

        var jobId = job.GetProperty("jobId").GetString();
        var workerSpan = Assert.Single(spans, s => s.OperationName == "asyncai.worker.job" && (string?)s.GetTagItem("asyncai.job.id") == jobId);
        var publishSpan = Assert.Single(spans, s => s.Source.Name == AsyncAi.OpenTelemetry.AsyncAiInstrumentation.ClientName && (string?)s.GetTagItem("asyncai.job.id") == jobId);
        Assert.Equal(ActivityKind.Producer, publishSpan.Kind);
        Assert.Equal(ActivityKind.Consumer, workerSpan.Kind);
        Assert.Equal(publishSpan.TraceId, workerSpan.TraceId);
        Assert.Equal("echo", workerSpan.GetTagItem("asyncai.job.type"));
        var names = metrics.Select(m => m.Name).ToHashSet();
        Assert.Contains("asyncai.client.jobs.published", names);
        Assert.Contains("asyncai.worker.jobs.succeeded", names);
        Assert.Contains("asyncai.worker.job.duration", names);
    }
}
