using System.Globalization;
using System.Text.RegularExpressions;
using AsyncAi.Aws.Provisioning;

namespace AsyncAi.Worker.Tests.Configuration;

/// <summary>The queue settings the provisioner makes, the CloudFormation template and the worker's defaults agree.</summary>
public sealed partial class QueueDefaultsAgreementTests
{
    [Fact]
    public void The_provisioners_max_receive_count_is_above_the_workers_max_attempts()
    {
        // Equal would let SQS dead-letter a job on its last attempt before the worker reports it as failed.
        Assert.True(new AsyncAiResourceNames().MaxReceiveCount > new AsyncAiWorkerOptions().MaxAttempts);
    }

    [Fact]
    public void The_cloudformation_template_has_the_provisioners_defaults()
    {
        var template = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "aws", "asyncai.cfn.yaml"));
        var names = new AsyncAiResourceNames();

        Assert.Equal(names.MaxReceiveCount, DefaultOf(template, "MaxReceiveCount"));
        Assert.Equal((int)names.RequestVisibilityTimeout.TotalSeconds, DefaultOf(template, "VisibilityTimeoutSeconds"));
    }

    private static int DefaultOf(string template, string parameter)
    {
        var match = Regex.Match(template, $@"^  {parameter}:\s*\n\s+Type: Number\s*\n\s+Default: (\d+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"The template has no numeric default for {parameter}.");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AsyncAi.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
