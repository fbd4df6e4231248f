using System.Text.Json;
using Orleans.Storage;
using Reactor.Abstractions;

namespace Reactor.Runtime.Hosting;

/// <summary>Registers Orleans' in-memory grain storage for Reactor's entities (development and tests; nothing survives the silo).</summary>
public static class ReactorMemoryGrainStorageExtensions
{
    /// <summary>
    /// Adds in-memory grain storage that keeps entity documents as Reactor's JSON. Orleans' default storage serializer
    /// only accepts types on its serialization allow-list, which a user's state types are not, so entities stored with
    /// a plain <c>AddMemoryGrainStorage</c> cannot be read back after deactivation.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="name">The provider name; Reactor's default <c>Reactor:StorageName</c> is <c>reactor</c>.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddReactorMemoryGrainStorage(this ISiloBuilder silo, string name = "reactor")
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.AddMemoryGrainStorage(name, o => o.GrainStorageSerializer = new JsonGrainStateSerializer(ReactorJson.Options));
    }

    private sealed class JsonGrainStateSerializer(JsonSerializerOptions options) : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, options));

        public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(options)!;
    }
}
