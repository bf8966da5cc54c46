using System.Text;
using Amazon.Runtime;

namespace AsyncAi.Worker.Tests.Support;

/// <summary>
/// Makes the emulator as strict as real SQS about characters: a request whose message body or attribute string
/// holds a character outside #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF is refused with
/// a 400, as SQS does, before it reaches the emulator (which accepts anything). Hooked in through the real
/// AmazonSQSClient's HttpClientFactory, so the SDK's own serializer and error handling run.
/// </summary>
public sealed class StrictSqsCharacters : HttpClientFactory
{
    private int _refused;

    /// <summary>How many requests were refused.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>A real SQS client for <paramref name="emulator"/> whose requests pass through the check.</summary>
    public AmazonSQSClient CreateClient(FauxqsEmulator emulator)
    {
        var config = emulator.CreateSqsConfig();
        config.HttpClientFactory = this;
        return new AmazonSQSClient(FauxqsEmulator.Credentials, config);
    }

    /// <inheritdoc />
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new RefusingHandler(this) { InnerHandler = new HttpClientHandler() });

    /// <inheritdoc />
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    /// <inheritdoc />
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    /// <summary>Whether every string in the JSON request is made of characters SQS accepts.</summary>
    public static bool AllAllowed(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.EnumerateRunes().All(IsAllowed) && !HasLoneSurrogate(element.GetString()!),
        JsonValueKind.Object => element.EnumerateObject().All(p => AllAllowed(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().All(AllAllowed),
        _ => true,
    };

    private static bool IsAllowed(Rune rune) =>
        rune.Value is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);

    // EnumerateRunes turns a lone surrogate into U+FFFD, which would pass; SQS refuses it.
    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class RefusingHandler(StrictSqsCharacters owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
                var replacement = new ByteArrayContent(bytes);
                foreach (var header in request.Content.Headers)
                {
                    replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                request.Content = replacement;
                if (bytes.Length > 0 && !AllAllowed(JsonDocument.Parse(bytes).RootElement))
                {
                    Interlocked.Increment(ref owner._refused);
                    return new HttpResponseMessage(HttpStatusCode.BadRequest)
                    {
                        RequestMessage = request,
                        Content = new StringContent(
                            """{"__type":"com.amazonaws.sqs#InvalidMessageContents","message":"Invalid characters found."}""",
                            Encoding.UTF8,
                            "application/x-amz-json-1.0"),
                    };
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
