namespace AsyncAi.Worker.Onnx;

/// <summary>Where a model is in its life.</summary>
public enum OnnxModelState
{
    /// <summary>Not loaded yet (the load starts with the host, or with the first job).</summary>
    NotLoaded,

    /// <summary>Loaded, warmed up and running jobs.</summary>
    Ready,

    /// <summary>The load failed for good (see <see cref="OnnxModel.FailureMessage"/>); its jobs fail with <see cref="JobErrorCodes.ModelFailed"/>.</summary>
    Failed,
}
