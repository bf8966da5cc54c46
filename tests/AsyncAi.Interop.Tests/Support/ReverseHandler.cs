using System.Text.Json;

namespace AsyncAi.Interop.Tests.Support;

/// <summary>The .NET twin of samples/python-worker/example_handlers.py's reverse.</summary>
public sealed class ReverseHandler : IJobHandler
{
    public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
    {
        string text;
        var input = await context.OpenInputAsync("text", cancellationToken);
        await using (input)
        {
            using var reader = new StreamReader(input, Encoding.UTF8);
            text = await reader.ReadToEndAsync(cancellationToken);
        }

        await context.ReportProgressAsync(0.5, "reversing", cancellationToken);
        var reversed = new string(text.Reverse().ToArray());
        await context.Outputs.WriteAsync("reversed.txt", Encoding.UTF8.GetBytes(reversed), "text/plain; charset=utf-8", cancellationToken);
        await context.Outputs.WriteAsync("result.json", JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, int> { ["length"] = text.Length }), "application/json", cancellationToken);
    }
}
