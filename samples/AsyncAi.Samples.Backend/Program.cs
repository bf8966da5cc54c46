// The backend of the OCR demo. Everything AsyncAi does is in AddAsyncAiClient and the three Map* calls below;
// the rest is an ordinary minimal API. Settings: appsettings.json, or environment variables such as
// AsyncAi__Client__RequestQueueUrl (see docs/getting-started.md).
using AsyncAi.Samples.Backend;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
var backend = builder.Configuration.GetSection(BackendOptions.SectionName).Get<BackendOptions>() ?? new BackendOptions();
builder.Services.AddOptions<BackendOptions>().Bind(builder.Configuration.GetSection(BackendOptions.SectionName)).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<BackendOptions>, BackendOptionsValidator>();

// Opt-in, for the local emulator and development accounts: create the queues and the bucket, and use their URLs.
if (backend.ProvisionResources)
{
    await LocalResources.ProvisionAsync(builder.Configuration, backend);
}

// One SQS and one S3 client for the whole app, which AsyncAi uses too. On AWS leave AsyncAi:Client:Aws empty:
// region and credentials then come from the default chains (IAM role, profile, environment).
builder.Services.AddAsyncAiAwsClients(builder.Configuration.GetSection(LocalResources.AwsSection));

// AsyncAi:Client:WorkerUploads:Token turns on the upload-URL issuer for workers outside AWS.
builder.Services.AddAsyncAiClient(builder.Configuration);
builder.Services.AddSingleton<JobViews>();
builder.Services.AddWebhookReceiver(backend);

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
app.MapJobEndpoints();
app.MapWorkerUploadEndpoints();
app.MapWebhookEndpoints(backend);
await app.RunAsync();
