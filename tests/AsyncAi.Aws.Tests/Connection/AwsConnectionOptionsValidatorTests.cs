namespace AsyncAi.Aws.Tests.Connection;

public sealed class AwsConnectionOptionsValidatorTests
{
    [Fact]
    public void A_service_url_that_is_not_http_reads_path_value_rule()
    {
        var result = new AwsConnectionOptionsValidator("AsyncAi:Aws").Validate(null, new AwsConnectionOptions { ServiceUrl = new Uri("ftp://127.0.0.1:4566/") });

        Assert.Equal(["AsyncAi:Aws:ServiceUrl = 'ftp://127.0.0.1:4566/': must be an absolute http or https URL"], result.Failures);
    }

    [Fact]
    public void No_service_url_is_valid()
    {
        Assert.True(new AwsConnectionOptionsValidator(null).Validate(null, new AwsConnectionOptions()).Succeeded);
    }
}
