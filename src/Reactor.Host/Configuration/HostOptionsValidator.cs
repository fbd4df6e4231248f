using Microsoft.Extensions.Options;

namespace Reactor.Host.Configuration;

/// <summary>Rejects host and demo settings that cannot work, naming the setting and the value.</summary>
internal sealed class HostOptionsValidator : IValidateOptions<ReactorHostOptions>, IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, ReactorHostOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Reactor:DataDirectory must name a directory.");
        }

        CheckPort(failures, "Reactor:SiloPort", options.SiloPort);
        CheckPort(failures, "Reactor:GatewayPort", options.GatewayPort);
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"Reactor:SiloPort and Reactor:GatewayPort must differ (both are {options.SiloPort}).");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Reactor:ShutdownTimeout must be positive (was {options.ShutdownTimeout}).");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        var failures = new List<string>();
        if (options.EventsPerSecond is < 1 or > 1_000_000)
        {
            failures.Add($"{DemoOptions.SectionName}:EventsPerSecond must be between 1 and 1000000 (was {options.EventsPerSecond}).");
        }

        if (options.Customers < 1)
        {
            failures.Add($"{DemoOptions.SectionName}:Customers must be at least 1 (was {options.Customers}).");
        }

        if (options.InvalidEventRatio is < 0 or > 1)
        {
            failures.Add($"{DemoOptions.SectionName}:InvalidEventRatio must be between 0 and 1 (was {options.InvalidEventRatio}).");
        }

        if (options.StatsInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"{DemoOptions.SectionName}:StatsInterval must be at least 00:00:00.1 (was {options.StatsInterval}).");
        }

        if (options.MaxEvents < 0)
        {
            failures.Add($"{DemoOptions.SectionName}:MaxEvents must not be negative (was {options.MaxEvents}).");
        }

        return Result(failures);
    }

    /// <summary>Rejects a Kafka connection that cannot work, naming the setting.</summary>
    public static void ThrowIfInvalid(KafkaHostOptions kafka, DevBrokerHostOptions devBroker)
    {
        var failures = new List<string>();
        if (devBroker.Enabled)
        {
            CheckPort(failures, "Reactor:DevBroker:Port", devBroker.Port);
        }
        else if (string.IsNullOrWhiteSpace(kafka.BootstrapServers))
        {
            failures.Add("Reactor:Kafka:BootstrapServers is required when Reactor:DevBroker:Enabled is false.");
        }

        if (string.IsNullOrWhiteSpace(kafka.GroupId))
        {
            failures.Add("Reactor:Kafka:GroupId must name a consumer group.");
        }

        if (kafka.Partitions is < 1 or > 1024)
        {
            failures.Add($"Reactor:Kafka:Partitions must be between 1 and 1024 (was {kafka.Partitions}).");
        }

        failures.AddRange(kafka.Cache.FindProblems(property => $"{KafkaHostOptions.SectionName}:Cache:{property}"));
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("Reactor:Kafka", typeof(KafkaHostOptions), failures);
        }
    }

    private static void CheckPort(List<string> failures, string setting, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{setting} must be a TCP port between 1 and 65535 (was {port}).");
        }
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
