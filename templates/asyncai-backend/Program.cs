// An AsyncAi backend: the job endpoints under /api/jobs. Settings: AsyncAi:Client (queues, bucket) and
// AsyncAi:Endpoints (job type, allowed file types, size limit) in appsettings.json or the environment.
using AsyncAiBackend1;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAsyncAiClient(builder.Configuration);
builder.Services.AddAsyncAiEndpoints(builder.Configuration);

// Every job belongs to the signed-in user who created it: its keys hold the user's owner, and nobody else reaches
// it. A caller who is not signed in gets 401.
//
// DEVELOPMENT ONLY: DevelopmentUserHandler signs in whoever sends an X-Dev-User header, as that user, so that you can
// try the API with curl. It is registered only in the Development environment; replace it with your own scheme
// (cookies, JWT bearer, ...) before you deploy: until then the app refuses to start anywhere else.
var authentication = builder.Services.AddAuthentication(DevelopmentUserHandler.SchemeName);
if (builder.Environment.IsDevelopment())
{
    authentication.AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, DevelopmentUserHandler>(DevelopmentUserHandler.SchemeName, null);
}
else
{
    throw new InvalidOperationException("Add your authentication scheme in Program.cs: the development scheme signs in anyone and runs only in the Development environment.");
}

builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseWebSockets();
app.MapGet("/healthz", () => TypedResults.Ok());
app.MapAsyncAiJobs("/api/jobs").RequireAuthorization();
await app.RunAsync();
