using System.Diagnostics;
using AsyncAi.WireFormat;

namespace AsyncAi.Aws.Messages;

/// <summary>Carries W3C trace context across a queue, so that a worker's span continues the producer's trace.</summary>
internal static class TraceContext
{
    /// <summary>Writes the activity's <c>traceparent</c> and <c>tracestate</c> into a set of attributes.</summary>
    /// <param name="activity">The activity to carry; nothing is written when it is <see langword="null"/>.</param>
    /// <param name="attributes">Where to write.</param>
    public static void Inject(Activity? activity, IDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is null)
        {
            return;
        }

        attributes[MessageAttributeNames.TraceParent] = activity.Id;
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            attributes[MessageAttributeNames.TraceState] = activity.TraceStateString;
        }
    }

    /// <summary>Reads a parent context from attributes; <see langword="default"/> when there is none or it is malformed.</summary>
    /// <param name="traceParent">The <c>traceparent</c> value.</param>
    /// <param name="traceState">The <c>tracestate</c> value.</param>
    public static ActivityContext Extract(string? traceParent, string? traceState) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context)
            ? context
            : default;
}
