// The backend of the OCR demo. Everything AsyncAi does is in AddAsyncAiClient and the three Map* calls below;
// the rest is an ordinary minimal API. Settings: appsettings.json, or environment variables such as
// AsyncAi__Client__RequestQueueUrl (see docs/getting-started.md).
using AsyncAi.Samples.Backend;

var builder = WebApplication.CreateBuilder(args);
var backend = builder.Configuration.GetSection(BackendOptions.SectionName).Get<BackendOptions>() ?? new BackendOptions();
builder.Services.Configure<BackendOptions>(builder.Configuration.GetSection(BackendOptions.SectionName));

// Opt-in, for the local emulator and development accounts: create the queues and the bucket, and use their URLs.
if (backend.ProvisionResources)
{
    await LocalResources.ProvisionAsync(builder.Configuration, backend);
}

builder.Services.AddAwsClients(builder.Configuration);
builder.Services.AddAsyncAiClient(builder.Configuration);
builder.Services.AddSingleton<JobViews>();
builder.Services.AddWorkerUploadUrls(builder.Configuration, backend);
builder.Services.AddWebhookReceiver(backend);

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
app.MapJobEndpoints();
app.MapWorkerUploadEndpoints(backend);
app.MapWebhookEndpoints(backend);
await app.RunAsync();
