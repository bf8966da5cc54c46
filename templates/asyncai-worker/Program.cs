// An AsyncAi worker: it long-polls the request queue and runs ExampleHandler for jobs of type "example".
// Settings: AsyncAi:Worker in appsettings.json or the environment (AsyncAi__Worker__RequestQueueUrl, ...).
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddAsyncAiWorker(builder.Configuration)
    .AddJobHandler<ExampleHandler>("example");
builder.Services.AddHealthChecks().AddAsyncAiWorker();
await builder.Build().RunAsync();

/// <summary>Reads the job's input and writes one output; replace the middle with your model.</summary>
public sealed class ExampleHandler : IJobHandler
{
    public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
    {
        await using var input = await context.OpenInputAsync(context.InputNames.First(), cancellationToken);
        await context.ReportProgressAsync(0.5, "working", cancellationToken);
        await context.Outputs.WriteAsync("result.bin", input, "application/octet-stream", cancellationToken);
    }
}
