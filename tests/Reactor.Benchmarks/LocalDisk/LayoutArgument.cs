using Orleans.Configuration;

namespace Reactor.Benchmarks.LocalDisk;

/// <summary>Reads <c>--layout file|log</c>: the local-disk layout a scenario's entity state uses (default: file per grain).</summary>
internal static class LayoutArgument
{
    public static LocalDiskLayout From(string[] args)
    {
        var index = Array.IndexOf(args, "--layout");
        if (index < 0 || index + 1 >= args.Length)
        {
            return LocalDiskLayout.FilePerGrain;
        }

        return args[index + 1] switch
        {
            "file" => LocalDiskLayout.FilePerGrain,
            "log" => LocalDiskLayout.Log,
            var other => throw new ArgumentException($"--layout must be 'file' or 'log', not '{other}'."),
        };
    }

    public static string Describe(LocalDiskLayout layout) => layout == LocalDiskLayout.Log ? "state log (group commit)" : "one file per entity";
}
