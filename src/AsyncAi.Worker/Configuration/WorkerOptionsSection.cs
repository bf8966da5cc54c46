namespace AsyncAi.Worker;

/// <summary>
/// The configuration path the worker options were bound from (<c>AsyncAi:Worker</c> when set in code), so that
/// validation errors name each setting as the user wrote it.
/// </summary>
internal sealed record WorkerOptionsSection(string Path);
