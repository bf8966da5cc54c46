using System.Text.RegularExpressions;

namespace AsyncAi.AspNetCore.Tests.AwsSetup;

/// <summary>
/// The policies of docs/aws/asyncai.cfn.yaml, read line by line (the template's short-form intrinsic functions,
/// <c>!GetAtt</c>, <c>!Sub</c> and <c>!Ref</c>, are not plain YAML): the Allow statements of a managed policy as
/// grants with IAM's wildcards, and the senders each queue policy lets through.
/// </summary>
internal static partial class TemplatePolicies
{
    /// <summary>
    /// The Allow statements of one managed policy. Resources read as <c>RequestQueue</c>, <c>JobBucket</c>, or
    /// <c>JobBucket/{key pattern}</c> with <c>${RootPrefix}</c> replaced by <paramref name="rootPrefix"/>.
    /// </summary>
    public static IReadOnlyList<Grant> Allowed(string template, string policyName, string rootPrefix)
    {
        var grants = new List<Grant>();
        foreach (var statement in Statements(ResourceBlock(template, policyName)))
        {
            if (!statement.Contains("Effect: Allow", StringComparison.Ordinal))
            {
                continue;
            }

            var resourceLine = ResourceLine().Match(statement).Groups[1].Value.Trim();
            var resource = resourceLine switch
            {
                _ when resourceLine.StartsWith("!GetAtt ", StringComparison.Ordinal) => resourceLine["!GetAtt ".Length..].Replace(".Arn", string.Empty, StringComparison.Ordinal),
                _ when ObjectResource().Match(resourceLine) is { Success: true } objects => "JobBucket/" + rootPrefix + objects.Groups[1].Value,
                _ => "Unrecognised:" + resourceLine,
            };
            grants.AddRange(Actions(statement).Select(action => new Grant(action, resource)));
        }

        return grants;
    }

    /// <summary>
    /// For each queue a queue policy names, the parameters (role ARNs) of the only principals that may send to it;
    /// a queue without a sender restriction is absent. Fails on two policies for one queue (SQS keeps one, so the
    /// second would silently replace the first) and on a Deny of SendMessage whose condition this reader does not know.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> QueueSenders(string template)
    {
        var senders = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var policied = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match resource in QueuePolicyResource().Matches(template))
        {
            var block = ResourceBlock(template, resource.Groups[1].Value);
            var queues = Refs(QueuesLine().Match(block).Groups[1].Value);
            Assert.NotEmpty(queues);
            foreach (var queue in queues)
            {
                Assert.True(policied.Add(queue), $"{queue} is named by two queue policies; SQS keeps one, so one of them is lost.");
            }

            foreach (var statement in Statements(block))
            {
                if (!statement.Contains("Effect: Deny", StringComparison.Ordinal)
                    || !Actions(statement).Any(a => a is "sqs:SendMessage" or "sqs:*")
                    || statement.Contains("aws:SecureTransport: \"false\"", StringComparison.Ordinal))
                {
                    continue;
                }

                var principals = PrincipalArnNotEquals().Match(statement);
                Assert.True(principals.Success, "A Deny of SendMessage with a condition the test cannot read:\n" + statement);
                foreach (var queue in queues)
                {
                    senders[queue] = Refs(principals.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
                }
            }
        }

        return senders;
    }

    private static string ResourceBlock(string template, string name)
    {
        var start = template.IndexOf($"\n  {name}:\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No {name} in the template.");
        var next = NextResource().Match(template, start + name.Length + 4);
        return template[start..(next.Success ? next.Index : template.Length)];
    }

    private static IEnumerable<string> Statements(string block) => block.Split("- Sid:").Skip(1);

    private static string[] Actions(string statement)
    {
        var list = ActionList().Match(statement);
        var single = list.Success ? list.Groups[1].Value : SingleAction().Match(statement).Groups[1].Value;
        return single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    private static List<string> Refs(string value) =>
        [.. value.Trim().Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(r => r.StartsWith("!Ref ", StringComparison.Ordinal) ? r["!Ref ".Length..].Trim() : "Unrecognised:" + r)];

    [GeneratedRegex(@"\n  [A-Za-z]+:\n|\nOutputs:")]
    private static partial Regex NextResource();

    [GeneratedRegex(@"\n  ([A-Za-z]+):\n    Type: AWS::SQS::QueuePolicy\n")]
    private static partial Regex QueuePolicyResource();

    [GeneratedRegex(@"Queues: ([^\n]*)")]
    private static partial Regex QueuesLine();

    [GeneratedRegex(@"Action: \[([^\]]*)\]")]
    private static partial Regex ActionList();

    [GeneratedRegex(@"Action: ""?([^""\n]*)""?")]
    private static partial Regex SingleAction();

    [GeneratedRegex(@"Resource: ([^\n]*)")]
    private static partial Regex ResourceLine();

    [GeneratedRegex(@"^!Sub ""\$\{JobBucket\.Arn\}/\$\{RootPrefix\}([^""$]*)""$")]
    private static partial Regex ObjectResource();

    [GeneratedRegex(@"ArnNotEquals:\s*\n\s*aws:PrincipalArn: ([^\n]*)")]
    private static partial Regex PrincipalArnNotEquals();
}

/// <summary>One action a policy allows on a resource pattern, matched the way IAM matches (<c>*</c> and <c>?</c> also span '/').</summary>
internal sealed record Grant(string Action, string Resource)
{
    public bool Allows(string action, string resource) =>
        string.Equals(action, Action, StringComparison.Ordinal)
        && Regex.IsMatch(resource, "^" + Regex.Escape(Resource).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public bool IsObjectWrite => Resource.StartsWith("JobBucket/", StringComparison.Ordinal) && Action is "s3:PutObject" or "s3:DeleteObject" or "s3:AbortMultipartUpload";
}
