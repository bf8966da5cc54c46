using AsyncAi.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace AsyncAi.Abstractions.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    // The test vector published with the Standard Webhooks reference libraries.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private const string Body = """{"test": 2432232314}""";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1614265330));

    [Fact]
    public void The_signer_reproduces_the_standard_webhooks_test_vector() =>
        Assert.Equal(Expected, new WebhookSigner(Secret).Sign(Id, DateTimeOffset.FromUnixTimeSeconds(1614265330), Body));

    [Fact]
    public void The_verifier_accepts_the_test_vector() =>
        Assert.True(new WebhookSignatureVerifier(Secret, timeProvider: _clock).TryVerify(Id, Timestamp, Expected, Body, out _));

    [Fact]
    public void A_tampered_body_is_rejected()
    {
        Assert.False(new WebhookSignatureVerifier(Secret, timeProvider: _clock).TryVerify(Id, Timestamp, Expected, """{"test": 2432232315}""", out var reason));
        Assert.Equal("No signature matches.", reason);
    }

    [Fact]
    public void A_stale_timestamp_is_rejected_even_with_a_valid_signature()
    {
        _clock.Advance(TimeSpan.FromMinutes(6));
        var verifier = new WebhookSignatureVerifier(Secret, timeProvider: _clock);
        Assert.False(verifier.TryVerify(Id, Timestamp, Expected, Body, out var reason));
        Assert.Contains("tolerance", reason, StringComparison.Ordinal);
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(Id, Timestamp, Expected, Body));
    }

    [Fact]
    public void During_rotation_any_listed_signature_from_any_accepted_secret_passes()
    {
        var newSecret = WebhookSecret.Generate();
        var signature = $"v1,bm90IGEgc2lnbmF0dXJl {new WebhookSigner(newSecret).Sign(Id, Timestamp, Body)}";
        var verifier = new WebhookSignatureVerifier([Secret, newSecret], timeProvider: _clock);
        Assert.True(verifier.TryVerify(Id, Timestamp, signature, Body, out _));
        Assert.False(new WebhookSignatureVerifier(Secret, timeProvider: _clock).TryVerify(Id, Timestamp, signature, Body, out _));
    }

    [Fact]
    public void Missing_headers_and_a_changed_id_are_rejected()
    {
        var verifier = new WebhookSignatureVerifier(Secret, timeProvider: _clock);
        Assert.False(verifier.TryVerify(null, Timestamp, Expected, Body, out _));
        Assert.False(verifier.TryVerify(Id, "not-a-number", Expected, Body, out _));
        Assert.False(verifier.TryVerify("msg_other", Timestamp, Expected, Body, out _));
    }

    [Fact]
    public void A_secret_that_is_not_base64_is_refused_without_echoing_it()
    {
        var error = Assert.Throws<FormatException>(() => new WebhookSigner("whsec_%%%secret%%%"));
        Assert.DoesNotContain("secret%%%", error.Message, StringComparison.Ordinal);
    }
}
