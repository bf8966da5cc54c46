namespace AsyncAi.Worker.Sqs;

/// <summary>What the heartbeat does with one in-flight message on a tick.</summary>
internal enum RenewalDecision
{
    /// <summary>Enough time is left; do nothing this tick.</summary>
    Wait,

    /// <summary>Extend the message by one visibility timeout now.</summary>
    Extend,

    /// <summary>The job has run past its maximum run time: stop extending and cancel it.</summary>
    GiveUp,
}
