using Orleans.Configuration;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>Validates a named <see cref="LocalDiskGrainStorageOptions"/> when the silo starts.</summary>
/// <param name="options">The options of the provider.</param>
/// <param name="name">The provider name.</param>
internal sealed class LocalDiskGrainStorageOptionsValidator(LocalDiskGrainStorageOptions options, string name) : IConfigurationValidator
{
    /// <summary>The smallest accepted <see cref="LocalDiskGrainStorageOptions.IoThreads"/>.</summary>
    public const int MinIoThreads = 1;

    /// <summary>The largest accepted <see cref="LocalDiskGrainStorageOptions.IoThreads"/>.</summary>
    public const int MaxIoThreads = 64;

    /// <summary>The smallest accepted <see cref="LocalDiskGrainStorageOptions.SegmentBytes"/>: 1 MiB.</summary>
    public const long MinSegmentBytes = 1024 * 1024;

    /// <summary>Throws when the options are invalid.</summary>
    /// <exception cref="OrleansConfigurationException">A setting is missing or invalid; the message names the provider and the property.</exception>
    public void ValidateConfiguration() => ThrowIfInvalid(options, name);

    /// <summary>Throws when the options are invalid.</summary>
    /// <param name="options">The options.</param>
    /// <param name="name">The provider name.</param>
    /// <exception cref="OrleansConfigurationException">A setting is missing or invalid.</exception>
    public static void ThrowIfInvalid(LocalDiskGrainStorageOptions options, string name)
    {
        var error = GetError(options);
        if (error is not null)
        {
            throw new OrleansConfigurationException($"LocalDisk grain storage '{name}': {error}");
        }
    }

    private static string? GetError(LocalDiskGrainStorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RootDirectory))
        {
            return $"{nameof(LocalDiskGrainStorageOptions)}.{nameof(LocalDiskGrainStorageOptions.RootDirectory)} is required; set it to the directory that holds the state files.";
        }

        if (!RootPath.IsValid(options.RootDirectory))
        {
            return $"{nameof(LocalDiskGrainStorageOptions)}.{nameof(LocalDiskGrainStorageOptions.RootDirectory)} '{options.RootDirectory}' is not a valid path.";
        }

        if (options.JsonSerializerOptions is null)
        {
            return $"{nameof(LocalDiskGrainStorageOptions)}.{nameof(LocalDiskGrainStorageOptions.JsonSerializerOptions)} must not be null.";
        }

        if (options.SchemaUpgrades is null)
        {
            return $"{nameof(LocalDiskGrainStorageOptions)}.{nameof(LocalDiskGrainStorageOptions.SchemaUpgrades)} must not be null.";
        }

        if (options.IoThreads is < MinIoThreads or > MaxIoThreads)
        {
            return $"{nameof(LocalDiskGrainStorageOptions)}.{nameof(LocalDiskGrainStorageOptions.IoThreads)} is {options.IoThreads}; it must be between {MinIoThreads} and {MaxIoThreads} (the number of dedicated I/O threads, default 8).";
        }

        if (!Enum.IsDefined(options.Layout))
        {
            return $"{nameof(LocalDiskGrainStorageOptions)}.{nameof(LocalDiskGrainStorageOptions.Layout)} is {options.Layout}; it must be {nameof(LocalDiskLayout.FilePerGrain)} or {nameof(LocalDiskLayout.Log)}.";
        }

        if (options.SegmentBytes < MinSegmentBytes)
        {
            return $"{nameof(LocalDiskGrainStorageOptions)}.{nameof(LocalDiskGrainStorageOptions.SegmentBytes)} is {options.SegmentBytes}; it must be at least {MinSegmentBytes} (1 MiB; the size at which the state log starts a new segment, default 64 MiB).";
        }

        return null;
    }
}
