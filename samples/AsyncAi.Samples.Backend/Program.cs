// The backend of the OCR demo: the page in wwwroot/ and the AsyncAi endpoints behind it. Settings: appsettings.json,
// or environment variables such as AsyncAi__Client__RequestQueueUrl (see docs/getting-started.md).
using AsyncAi.Aws;
using AsyncAi.Aws.Provisioning;
using AsyncAi.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);

// Opt-in, for the local emulator and development accounts: create the queues and the bucket, and use their URLs.
// Leave it off in production, where infrastructure code owns them (docs/aws/setup.md).
if (builder.Configuration.GetValue<bool>("Backend:ProvisionResources"))
{
    var aws = builder.Configuration.GetSection("AsyncAi:Client:Aws").Get<AwsConnectionOptions>() ?? new AwsConnectionOptions();
    using var sqs = AsyncAiAwsClients.CreateSqs(aws);
    using var s3 = AsyncAiAwsClients.CreateS3(aws);
    var responseQueue = builder.Configuration["Backend:ResponseQueueName"];
    var resources = await AsyncAiProvisioner.EnsureAsync(sqs, s3, new AsyncAiResourceNames
    {
        RequestQueueName = builder.Configuration["Backend:RequestQueueName"] ?? "asyncai-requests",
        ResponseQueueName = string.IsNullOrWhiteSpace(responseQueue) ? null : responseQueue,
        Bucket = builder.Configuration["AsyncAi:Client:Bucket"] ?? "asyncai-demo",
    });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AsyncAi:Client:RequestQueueUrl"] = resources.RequestQueueUrl.ToString(),
        ["AsyncAi:Client:ResponseQueueUrl"] = resources.ResponseQueueUrl?.ToString(),
    });
}

// One SQS and one S3 client for the whole app, which AsyncAi uses too. On AWS leave AsyncAi:Client:Aws empty:
// region and credentials then come from the default chains (IAM role, profile, environment).
builder.Services.AddAsyncAiAwsClients(builder.Configuration.GetSection("AsyncAi:Client:Aws"));
builder.Services.AddAsyncAiClient(builder.Configuration);
builder.Services.AddAsyncAiEndpoints(builder.Configuration);

// The job store behind "Your recent jobs" (GET /api/jobs): every job this backend published or heard of, in a SQLite
// file. An application with a database of its own maps the table into its own DbContext instead (docs/job-store.md).
builder.Services.AddDbContext<AsyncAiJobsDbContext>(o => o.UseSqlite(builder.Configuration.GetConnectionString("Jobs")));
builder.Services.AddAsyncAiJobStore<AsyncAiJobsDbContext>();

// THIS DEMO HAS NO SIGN-IN. Without this line the job endpoints answer 401 to anyone not signed in; with it, a visitor
// may create jobs, and each job is reached only with the access key returned when it was created (the page uses the
// URLs that carry it). An app with users adds its authentication instead and drops this line: jobs then belong to
// the signed-in user (see templates/asyncai-backend).
builder.Services.AddAsyncAiAnonymousJobs();

var app = builder.Build();

// A demo creates its table at start; an application adds it to its migrations like any other table.
await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<AsyncAiJobsDbContext>().Database.EnsureCreatedAsync();
}

app.UseDefaultFiles();
app.UseStaticFiles();
app.UseWebSockets();
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
app.MapAsyncAiJobs("/api/jobs");

// Workers outside AWS: signed webhooks instead of a response queue, presigned URLs instead of S3 credentials.
if (app.Configuration.GetSection("AsyncAi:Endpoints:Webhooks:Secrets").GetChildren().Any())
{
    app.MapAsyncAiWebhooks("/webhooks/asyncai");
}

if (app.Configuration["AsyncAi:Client:WorkerUploads:SigningKey"] is { Length: > 0 })
{
    app.MapAsyncAiWorkerUploads("/worker/upload-urls");
}

await app.RunAsync();
