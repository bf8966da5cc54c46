// The reliability suite's worker process. Everything comes from configuration (environment variables such as
// AsyncAi__Worker__RequestQueueUrl, AsyncAi__Worker__Concurrency, Reliability__HeapSampleInterval), exactly as an
// application would be deployed. Logs go to stderr; stdout carries only the journal the suite parses.
using AsyncAi.Reliability.WorkerHost;
using AsyncAi.Reliability.WorkerHost.Handlers;
using AsyncAi.Worker;
using AsyncAi.Worker.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

var settings = builder.Configuration.GetSection(HostSettings.SectionName).Get<HostSettings>() ?? new HostSettings();
builder.Services.AddSingleton(settings);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
// The journal is the suite's observer: it keeps the true clock even when the worker's is set off.
builder.Services.AddSingleton(new Journal(TimeProvider.System));
if (settings.ClockOffset != TimeSpan.Zero)
{
    // Registered before AddAsyncAiWorker, whose TryAdd of the system clock then leaves it: the SDK reads this one.
    builder.Services.AddSingleton<TimeProvider>(new OffsetTimeProvider(settings.ClockOffset));
}

builder.Services.AddHostedService<LifetimeJournal>();
builder.Services.AddHostedService<HeapSampler>();
builder.Services.AddHostedService<HealthReporter>();
builder.Services.AddHealthChecks().AddAsyncAiWorker();

var worker = builder.Services.AddAsyncAiWorker(builder.Configuration.GetSection(AsyncAiWorkerOptions.DefaultSectionName))
    .AddJobHandler<NoOpHandler>(JobTypes.NoOp)
    .AddJobHandler<SleepHandler>(JobTypes.Sleep)
    .AddJobHandler<ChecksumHandler>(JobTypes.Checksum)
    .AddJobHandler<CopyInputHandler>(JobTypes.CopyInput)
    .AddJobHandler<AlwaysRetryableHandler>(JobTypes.AlwaysRetryable)
    .AddJobHandler<NonRetryableHandler>(JobTypes.NonRetryable)
    .AddJobHandler<DecodeImageHandler>(JobTypes.DecodeImage);

// A model is registered the way an application configures one (AsyncAi:Worker:Models:<name>), and only when the
// scenario gives one: AsyncAi.Worker.Onnx loads it at start, and a model that fails to load fails its own jobs.
var model = builder.Configuration.GetSection(AsyncAiWorkerOptions.DefaultSectionName + ":Models:" + JobTypes.ModelName);
if (model.Exists())
{
    worker.AddOnnxModel(JobTypes.ModelName, model)
        .AddJobHandler<LoadModelHandler>(JobTypes.LoadModel);
}

await builder.Build().RunAsync();
