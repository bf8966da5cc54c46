namespace AsyncAi.Webhooks;

/// <summary>A webhook request failed signature or timestamp verification and must be rejected.</summary>
/// <param name="message">Why it was rejected.</param>
public sealed class WebhookVerificationException(string message) : Exception(message);
