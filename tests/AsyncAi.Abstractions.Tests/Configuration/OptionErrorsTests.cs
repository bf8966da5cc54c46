namespace AsyncAi.Abstractions.Tests.Configuration;

public sealed class OptionErrorsTests
{
    [Fact]
    public void An_error_reads_path_value_rule()
    {
        var errors = new OptionErrors("AsyncAi:Worker");

        errors.Add("Concurrency", 0, "must be between 1 and 10000");

        Assert.Equal(["AsyncAi:Worker:Concurrency = 0: must be between 1 and 10000"], errors.Messages);
        Assert.False(errors.IsEmpty);
    }

    [Fact]
    public void A_range_reports_only_a_value_outside_its_bounds_and_names_both_bounds()
    {
        var errors = new OptionErrors("S");

        Assert.True(errors.Range("A", 1, 1, 3));
        Assert.True(errors.Range("B", 3, 1, 3));
        Assert.False(errors.Range("C", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), "the longest SQS long poll"));

        Assert.Equal(["S:C = 00:00:30: must be between 00:00:01 and 00:00:20 (the longest SQS long poll)"], errors.Messages);
    }

    [Fact]
    public void A_nested_section_prefixes_its_name_and_shares_the_one_list()
    {
        var errors = new OptionErrors("AsyncAi:Endpoints");

        errors.Section("Jobs").Add("AllowedOrigins:0", "ftp://x", "is not an origin");
        errors.Add("Other", null, "is required");

        Assert.Equal(["AsyncAi:Endpoints:Jobs:AllowedOrigins:0 = 'ftp://x': is not an origin", "AsyncAi:Endpoints:Other = (not set): is required"], errors.Messages);
        Assert.Equal("AsyncAi:Endpoints:Jobs:X", errors.Section("Jobs").PathOf("X"));
    }

    [Fact]
    public void A_secret_is_never_written_only_its_path_and_rule()
    {
        var errors = new OptionErrors("AsyncAi:Client:WorkerUploads");

        errors.AddHidden("Token", "is 11 bytes; use at least 24 bytes of random data");

        Assert.Equal(["AsyncAi:Client:WorkerUploads:Token = (hidden): is 11 bytes; use at least 24 bytes of random data"], errors.Messages);
    }

    [Fact]
    public void Options_set_in_code_have_no_section_and_the_setting_stands_alone()
    {
        var errors = new OptionErrors(sectionPath: null);

        errors.Add("MaxAttempts", 0, "must be at least 1");

        Assert.Equal(["MaxAttempts = 0: must be at least 1"], errors.Messages);
    }

    [Theory]
    [InlineData(null, "(not set)")]
    [InlineData("abc", "'abc'")]
    [InlineData(1.5, "1.5")]
    public void Values_are_written_invariantly_text_in_quotes(object? value, string expected) =>
        Assert.Equal(expected, OptionErrors.Format(value));
}
