using System.Globalization;
using System.Text;
using AsyncAi.Imaging;

namespace AsyncAi.Reliability.WorkerHost.Handlers;

/// <summary>
/// Decodes its input <c>image</c> through AsyncAi.Imaging with the decoder's default limits, as an image handler
/// would before it builds a tensor, and writes the decoded size. What the decoder refuses fails the job.
/// </summary>
internal sealed class DecodeImageHandler(Journal journal) : JournaledHandler(journal)
{
    protected override async Task RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        var input = await context.OpenInputAsync(JobTypes.ImageInput, cancellationToken).ConfigureAwait(false);
        await using (input.ConfigureAwait(false))
        {
            using var bitmap = await ImageDecoder.DecodeAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
            var size = string.Create(CultureInfo.InvariantCulture, $"{bitmap.Width}x{bitmap.Height}");
            await context.Outputs.WriteAsync(JobTypes.ImageSizeOutput, Encoding.UTF8.GetBytes(size), "text/plain", cancellationToken).ConfigureAwait(false);
        }
    }
}
