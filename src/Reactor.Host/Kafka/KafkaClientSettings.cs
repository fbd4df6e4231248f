using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Reactor.Host.Kafka;

/// <summary>
/// Passes librdkafka settings from <c>Reactor:Kafka:Client</c> (for example <c>security.protocol</c>,
/// <c>sasl.mechanism</c>, <c>sasl.username</c>, <c>sasl.password</c>, <c>ssl.ca.location</c>) to every Kafka client of the
/// host: the consumers, the producer of emitted events and dead letters, and the admin client. Values are never logged.
/// </summary>
internal static partial class KafkaClientSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Reactor:Kafka:Client";

    // These have settings of their own (Reactor:Kafka:*) or are managed by the provider.
    private static readonly string[] Reserved = ["bootstrap.servers", "group.id", "enable.auto.commit"];

    /// <summary>Reads the section, refusing names that are not librdkafka property names or that Reactor sets itself.</summary>
    /// <param name="configuration">The host configuration.</param>
    /// <returns>The settings, by librdkafka property name.</returns>
    /// <exception cref="OptionsValidationException">A name is invalid; the message names it.</exception>
    public static IReadOnlyDictionary<string, string> Read(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).GetChildren()
            .Where(c => c.Value is not null)
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);
        var failures = settings.Keys.Where(k => !PropertyName().IsMatch(k))
            .Select(k => $"{SectionName}:{k} is not a librdkafka property name (lower case, dot-separated, such as sasl.mechanism).")
            .Concat(settings.Keys.Intersect(Reserved).Select(k => $"{SectionName}:{k} is set by Reactor; use {(k == "group.id" ? "Reactor:Kafka:GroupId" : k == "bootstrap.servers" ? "Reactor:Kafka:BootstrapServers" : "the provider's commits")} instead."))
            .ToList();
        return failures.Count == 0 ? settings : throw new OptionsValidationException(SectionName, typeof(KafkaClientSettings), failures);
    }

    /// <summary>Applies the settings to the stream provider's consumer and producer configurations.</summary>
    /// <param name="options">The Kafka stream provider's options.</param>
    /// <param name="settings">The settings read by <see cref="Read"/>.</param>
    public static void ApplyTo(KafkaStreamOptions options, IReadOnlyDictionary<string, string> settings)
    {
        foreach (var (name, value) in settings)
        {
            options.Consumer.Set(name, value);
            options.Producer.Set(name, value);
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$")]
    private static partial Regex PropertyName();
}
