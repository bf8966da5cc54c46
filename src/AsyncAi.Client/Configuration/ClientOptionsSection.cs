namespace AsyncAi.Client;

/// <summary>The configuration path the options came from, so that validation errors name the setting as the user wrote it.</summary>
internal sealed record ClientOptionsSection(string Path);
