using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Testing.Emulator;

/// <summary>
/// Generic hosts as the tests build them: no default configuration sources (the machine's environment and
/// appsettings files must not leak into a test), logging only warnings and errors.
/// </summary>
public static class TestHosts
{
    /// <summary>A builder with no defaults, logging warnings and up to the console.</summary>
    /// <returns>The builder.</returns>
    public static HostApplicationBuilder CreateBuilder()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    /// <summary>A builder as <see cref="CreateBuilder()"/>, with the emulator's SQS (and S3) clients registered as an application registers its own.</summary>
    /// <param name="emulator">The emulator the clients point at.</param>
    /// <param name="registerS3">False for a host that must work without an S3 client.</param>
    /// <returns>The builder.</returns>
    public static HostApplicationBuilder CreateBuilder(FauxqsEmulator emulator, bool registerS3 = true)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        var builder = CreateBuilder();
        builder.Services.AddSingleton<IAmazonSQS>(_ => emulator.CreateSqsClient());
        if (registerS3)
        {
            builder.Services.AddSingleton<IAmazonS3>(_ => emulator.CreateS3Client());
        }

        return builder;
    }

    /// <summary>Builds, without starting, a host with no defaults and the given services: for option validation and registration tests.</summary>
    /// <param name="configure">Registers the services.</param>
    /// <returns>The host, not started.</returns>
    public static IHost Build(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        configure(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// Builds a host with the given services, as <see cref="Build"/>, and asserts that starting it fails option
    /// validation: for tests of what a bad setting's error says.
    /// </summary>
    /// <param name="configure">Registers the services with the bad settings.</param>
    /// <returns>The validation error, with every failure.</returns>
    public static async Task<OptionsValidationException> StartFailsValidationAsync(Action<IServiceCollection> configure)
    {
        using var host = Build(configure);
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync()).ConfigureAwait(false);
    }
}
