namespace AsyncAi.Aws.Storage;

/// <summary>Reads the <c>AllowedInputPrefixes</c> setting of either role.</summary>
internal static class AllowedPrefixes
{
    /// <summary>The prefixes as object references; entries that are not <c>s3://bucket/prefix</c> URIs are reported.</summary>
    public static IReadOnlyList<ObjectReference> Parse(IEnumerable<string> values, OptionErrors? errors = null, string setting = "AllowedInputPrefixes")
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new List<ObjectReference>();
        var index = 0;
        foreach (var value in values)
        {
            if (ObjectReference.TryParse(value, out var reference))
            {
                result.Add(reference);
            }
            else
            {
                errors?.Add($"{setting}:{index}", value, "must be an s3://bucket/prefix URI");
            }

            index++;
        }

        return result;
    }
}
