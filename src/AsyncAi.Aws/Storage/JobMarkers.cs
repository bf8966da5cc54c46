namespace AsyncAi.Aws.Storage;

/// <summary>Which control objects a job's folder holds, learned in one listing.</summary>
/// <param name="Completed">A completion record exists: the job has finished.</param>
/// <param name="CancelRequested">A cancellation marker exists.</param>
internal readonly record struct JobMarkers(bool Completed, bool CancelRequested)
{
    /// <summary>No markers.</summary>
    public static JobMarkers None => default;
}
