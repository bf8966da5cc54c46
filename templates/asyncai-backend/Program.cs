// An AsyncAi backend: the job endpoints under /api/jobs. Settings: AsyncAi:Client (queues, bucket) and
// AsyncAi:Endpoints (job type, allowed file types, size limit) in appsettings.json or the environment.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAsyncAiClient(builder.Configuration);
builder.Services.AddAsyncAiEndpoints(builder.Configuration);

var app = builder.Build();
app.UseWebSockets();
app.MapGet("/healthz", () => TypedResults.Ok());
app.MapAsyncAiJobs("/api/jobs");
await app.RunAsync();
