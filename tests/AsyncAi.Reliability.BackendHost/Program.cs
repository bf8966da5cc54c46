// The reliability suite's backend process. Settings come from configuration (environment variables such as
// AsyncAi__Client__ResponseQueueUrl, Reliability__RecordFile, Reliability__RecordMode, Reliability__Publish__Count).
// Logs go to stderr; stdout carries READY, PUBLISHED <jobId> and PUBLISH-DONE lines.
using AsyncAi;
using AsyncAi.Reliability.BackendHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);

// EF Core logs every command at Information: in outbox mode that is several lines per order, which would slow the
// writer down more than anything the scenario measures.
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

var settings = builder.Configuration.GetSection(BackendSettings.SectionName).Get<BackendSettings>() ?? new BackendSettings();
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<RecordFile>();

// Registered before AddAsyncAiClient: the recorder subscribes before the response listener starts, and in Store
// mode the application's status store replaces the built-in one (the client registers its own with TryAdd).
switch (settings.RecordMode)
{
    case RecordMode.Watch:
        builder.Services.AddHostedService<WatchAllRecorder>();
        break;
    case RecordMode.Store:
        builder.Services.AddSingleton<IJobStatusStore, RecordingStatusStore>();
        break;
    case RecordMode.Handler:
        builder.Services.AddAsyncAiJobEventHandler<RecordingEventHandler>();
        break;
}

builder.Services.AddAsyncAiClient(builder.Configuration);
builder.Services.AddHostedService<Publisher>();

// Outbox mode: the application's own database holds its orders, their outbox rows and the job store (which then
// also takes every event the response listener hears, replacing the client's in-memory status store).
if (settings.Outbox.Enabled)
{
    builder.Services.AddSingleton(settings.Outbox);
    builder.Services.AddDbContext<ShopDb>(o => o.UseSqlite("Data Source=" + settings.Outbox.Database));
    builder.Services.AddAsyncAiJobOutbox<ShopDb>(builder.Configuration.GetSection("AsyncAi:Outbox"));
    builder.Services.AddHostedService<OrderWriter>();
}

var host = builder.Build();
if (settings.Outbox.Enabled)
{
    await OrderWriter.PrepareDatabaseAsync(host.Services);
}

await host.RunAsync();
