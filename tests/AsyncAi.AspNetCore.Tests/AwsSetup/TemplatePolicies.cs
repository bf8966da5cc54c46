using System.Text.RegularExpressions;

namespace AsyncAi.AspNetCore.Tests.AwsSetup;

/// <summary>
/// The Allow statements of one managed policy in docs/aws/asyncai.cfn.yaml, read line by line (the template's
/// short-form intrinsic functions, <c>!GetAtt</c> and <c>!Sub</c>, are not plain YAML).
/// </summary>
internal static partial class TemplatePolicies
{
    public static HashSet<(string Action, string Resource)> Allowed(string template, string policyName)
    {
        var start = template.IndexOf($"\n  {policyName}:\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No {policyName} in the template.");
        var next = NextResource().Match(template, start + policyName.Length + 4);
        var block = template[start..(next.Success ? next.Index : template.Length)];
        var allowed = new HashSet<(string, string)>();
        foreach (var statement in block.Split("- Sid:").Skip(1))
        {
            if (!statement.Contains("Effect: Allow", StringComparison.Ordinal))
            {
                continue;
            }

            var actions = ActionList().Match(statement).Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var resourceLine = ResourceLine().Match(statement).Groups[1].Value.Trim();
            var resource = resourceLine switch
            {
                _ when resourceLine.StartsWith("!GetAtt ", StringComparison.Ordinal) => resourceLine["!GetAtt ".Length..].Replace(".Arn", string.Empty, StringComparison.Ordinal),
                "!Sub \"${JobBucket.Arn}/${RootPrefix}*\"" => "JobObjects",
                _ => "Unrecognised:" + resourceLine,
            };
            foreach (var action in actions)
            {
                allowed.Add((action, resource));
            }
        }

        return allowed;
    }

    [GeneratedRegex(@"\n  [A-Za-z]+:\n|\nOutputs:")]
    private static partial Regex NextResource();

    [GeneratedRegex(@"Action: \[([^\]]*)\]")]
    private static partial Regex ActionList();

    [GeneratedRegex(@"Resource: ([^\n]*)")]
    private static partial Regex ResourceLine();
}
