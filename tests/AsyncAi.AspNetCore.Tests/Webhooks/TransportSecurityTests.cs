namespace AsyncAi.AspNetCore.Tests.Webhooks;

public sealed class TransportSecurityTests
{
    [Theory]
    [InlineData("10.1.2.3", false, true, false)]
    [InlineData("10.1.2.3", true, true, true)]
    [InlineData("127.0.0.1", false, true, true)]
    [InlineData("::1", false, true, true)]
    [InlineData("10.1.2.3", false, false, true)]
    public void Secrets_travel_over_https_or_loopback_only(string remote, bool https, bool required, bool accepted)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Request.Scheme = https ? "https" : "http";

        Assert.Equal(accepted, TransportSecurity.IsAcceptable(context, required));
    }
}
