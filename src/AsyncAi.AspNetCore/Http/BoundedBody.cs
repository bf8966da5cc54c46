using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AsyncAi.AspNetCore;

/// <summary>
/// Reads a request body into memory up to a limit, whatever the transfer encoding: a Content-Length over the
/// limit is refused before reading, and a chunked body is counted as it arrives and refused at the first byte over.
/// </summary>
internal static class BoundedBody
{
    /// <returns>The body's bytes, or <see langword="null"/> when it is larger than <paramref name="maxBytes"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpContext http, int maxBytes, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > maxBytes)
        {
            return null;
        }

        // Also tell the server, so that Kestrel stops reading from the socket past the limit.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413RequestEntityTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }
}
