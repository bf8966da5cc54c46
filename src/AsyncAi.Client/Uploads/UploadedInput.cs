namespace AsyncAi.Client;

/// <summary>An input that is in S3, as <see cref="IInputUploads.FindAsync"/> found it.</summary>
/// <param name="Location">Where it is, for <see cref="JobRequest.Inputs"/>.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="ContentType">The content type it was stored with, when S3 has one.</param>
public sealed record UploadedInput(ObjectReference Location, long SizeBytes, string? ContentType);
