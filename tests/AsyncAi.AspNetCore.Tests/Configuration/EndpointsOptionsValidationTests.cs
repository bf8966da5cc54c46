using AsyncAi.Webhooks;

namespace AsyncAi.AspNetCore.Tests.Configuration;

public sealed class EndpointsOptionsValidationTests
{
    [Fact]
    public void Errors_read_path_value_rule_under_the_endpoints_section()
    {
        var options = new AsyncAiEndpointsOptions();
        options.Jobs.AllowedOrigins.Add("ftp://app.example");
        options.Webhooks.MaxBodyBytes = 10;

        var failures = new AsyncAiEndpointsOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(
            [
                "AsyncAi:Endpoints:Jobs:AllowedOrigins:0 = 'ftp://app.example': is not an origin such as https://app.example (http or https, a host, an optional port, nothing after)",
                "AsyncAi:Endpoints:Webhooks:MaxBodyBytes = 10: must be between 1024 and 16777216",
            ],
            failures);
    }

    [Fact]
    public void A_weak_webhook_secret_is_named_but_never_written()
    {
        var options = new AsyncAiEndpointsOptions();
        var weak = "whsec_" + Convert.ToBase64String(new byte[8]);
        options.Webhooks.Secrets.Add(weak);

        var failure = Assert.Single(new AsyncAiEndpointsOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith("AsyncAi:Endpoints:Webhooks:Secrets:0 = (hidden): holds 8 bytes", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(weak, failure, StringComparison.Ordinal);
        Assert.True(WebhookSecret.IsValid(weak));
    }
}
