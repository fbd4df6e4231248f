using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime.Events;

namespace Reactor.TestInfrastructure;

/// <summary>Builds structured-mode CloudEvents JSON documents for tests.</summary>
public static class TestCloudEvents
{
    /// <summary>Builds a CloudEvents JSON document with a JSON payload.</summary>
    /// <param name="type">The CloudEvents type.</param>
    /// <param name="subject">The entity id.</param>
    /// <param name="data">The payload, serialized with Reactor's JSON options.</param>
    /// <param name="id">The event id; a new GUID when omitted.</param>
    /// <param name="time">The event time; now when omitted.</param>
    /// <returns>The document's bytes.</returns>
    public static ReadOnlyMemory<byte> Create(string type, string subject, object data, string? id = null, DateTimeOffset? time = null) =>
        CloudEventJson.Encode(
            id ?? Guid.NewGuid().ToString("N"),
            "/reactor/tests",
            type,
            subject,
            time ?? DateTimeOffset.UtcNow,
            JsonSerializer.SerializeToElement(data, ReactorJson.Options));
}
