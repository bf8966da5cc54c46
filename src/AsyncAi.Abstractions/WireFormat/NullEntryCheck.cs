namespace AsyncAi.WireFormat;

/// <summary>
/// Refuses JSON <c>null</c> where a collection holds values. System.Text.Json enforces nullable annotations on
/// properties but not on collection elements, so <c>"inputs": {"source": null}</c> would otherwise read as a job whose
/// input is a null reference, and crash whatever looks at it later instead of being refused as the bad message it is.
/// </summary>
internal static class NullEntryCheck
{
    public static JobMessage Checked(JobMessage job)
    {
        RefuseNullValues(job.Inputs, "inputs");
        RefuseNullValues(job.Metadata, "metadata");
        return job;
    }

    public static EventMessage Checked(EventMessage message)
    {
        if (message.Event.Completion is { } completion)
        {
            Checked(completion);
        }

        return message;
    }

    public static JobCompletion Checked(JobCompletion completion)
    {
        for (var i = 0; i < completion.Outputs.Count; i++)
        {
            if (completion.Outputs[i] is null)
            {
                throw new WireFormatException($"The completion's outputs[{i}] is null.");
            }
        }

        RefuseNullValues(completion.Metadata, "metadata");
        return completion;
    }

    private static void RefuseNullValues<T>(IReadOnlyDictionary<string, T> entries, string property)
        where T : class
    {
        foreach (var (name, value) in entries)
        {
            if (value is null)
            {
                throw new WireFormatException($"The message's {property} entry '{name}' is null.");
            }
        }
    }
}
