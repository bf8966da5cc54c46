using AsyncAi.Aws.Configuration;
using Microsoft.Extensions.Configuration;

namespace AsyncAi.Aws.Tests.Configuration;

/// <summary>The rule by which AddAsyncAiClient and AddAsyncAiWorker find their section (RoleConfigurationSection).</summary>
public sealed class RoleConfigurationSectionTests
{
    private static readonly IConfigurationRoot Root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AsyncAi:Worker:Concurrency"] = "3",
        ["Apps:Gpu:Concurrency"] = "5",
    }).Build();

    [Fact]
    public void A_configuration_root_stands_for_the_whole_configuration_and_gives_the_default_section()
    {
        var section = RoleConfigurationSection.Resolve(Root, "AsyncAi:Worker");

        Assert.Equal("AsyncAi:Worker", section.Path);
        Assert.Equal("3", section["Concurrency"]);
    }

    [Fact]
    public void A_section_is_the_roles_section_itself_whatever_its_name()
    {
        var given = Root.GetSection("Apps:Gpu");

        var section = RoleConfigurationSection.Resolve(given, "AsyncAi:Worker");

        Assert.Same(given, section);
        Assert.Equal("5", section["Concurrency"]);
    }

    [Fact]
    public void A_section_is_not_searched_for_the_default_section_below_it()
    {
        // "AsyncAi" has an "AsyncAi:Worker" child only when read from the root: given the section, its own keys bind.
        var section = RoleConfigurationSection.Resolve(Root.GetSection("AsyncAi"), "AsyncAi:Worker");

        Assert.Equal("AsyncAi", section.Path);
        Assert.Null(section["Concurrency"]);
    }

    [Fact]
    public void A_root_without_the_default_section_gives_it_empty_so_that_validation_names_the_missing_settings_there()
    {
        var section = RoleConfigurationSection.Resolve(new ConfigurationBuilder().Build(), "AsyncAi:Client");

        Assert.Equal("AsyncAi:Client", section.Path);
        Assert.False(section.Exists());
    }
}
