namespace AsyncAi.Webhooks;

/// <summary>The HTTP header names of the Standard Webhooks scheme (standardwebhooks.com) that AsyncAi signs with.</summary>
public static class WebhookHeaders
{
    /// <summary>The unique id of the message; the same on every retry, so that receivers can de-duplicate.</summary>
    public const string Id = "webhook-id";

    /// <summary>When the message was signed, in whole seconds since the Unix epoch.</summary>
    public const string Timestamp = "webhook-timestamp";

    /// <summary>One or more space-separated signatures, each <c>v1,&lt;base64&gt;</c>.</summary>
    public const string Signature = "webhook-signature";
}
