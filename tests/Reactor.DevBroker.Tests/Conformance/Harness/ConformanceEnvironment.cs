using Xunit;

namespace Reactor.DevBroker.Tests.Conformance.Harness;

/// <summary>Where the conformance client scripts live, and checks that the external clients are installed.</summary>
internal static class ConformanceEnvironment
{
    private static readonly Lazy<string> ConformanceDir = new(FindConformanceDirectory);

    /// <summary>Debian's interpreter; the python3 on PATH may be a pyenv build that cannot see python3-kafka.</summary>
    public const string DebianPython = "/usr/bin/python3";

    public static string Directory => ConformanceDir.Value;

    public static string ClientsDirectory => Path.Combine(Directory, "clients");

    public static string InstallScript => Path.Combine(Directory, "install.sh");

    public static string InstallHint =>
        $"Install the conformance clients first: run {InstallScript} (kcat and python3-kafka from Debian, kafkajs 2.2.4 from npm).";

    /// <summary>Fails the calling test, with the install hint, when kcat is missing.</summary>
    public static string RequireKcat()
    {
        var kcat = FindOnPath("kcat");
        if (kcat is null)
        {
            Assert.Fail($"kcat is not installed. {InstallHint}");
        }
        return kcat;
    }

    /// <summary>Fails the calling test, with the install hint, when kafka-python is missing for /usr/bin/python3.</summary>
    public static async Task<string> RequireKafkaPythonAsync()
    {
        if (!File.Exists(DebianPython))
        {
            Assert.Fail($"{DebianPython} does not exist. {InstallHint}");
        }
        var probe = await ExternalProcess.RunAsync(DebianPython, ["-c", "import kafka; print(kafka.__version__)"], TimeSpan.FromSeconds(30));
        if (probe.ExitCode != 0)
        {
            Assert.Fail($"kafka-python is not importable by {DebianPython}. {InstallHint}\n{probe.Describe()}");
        }
        return Path.Combine(ClientsDirectory, "kpy.py");
    }

    /// <summary>Fails the calling test, with the install hint, when node or the local kafkajs install is missing.</summary>
    public static string RequireKafkaJs()
    {
        var node = FindOnPath("node");
        if (node is null)
        {
            Assert.Fail($"node is not installed. {InstallHint}");
        }
        if (!File.Exists(Path.Combine(ClientsDirectory, "node_modules", "kafkajs", "package.json")))
        {
            Assert.Fail($"kafkajs is not installed in {ClientsDirectory}/node_modules. {InstallHint}");
        }
        return node;
    }

    private static string? FindOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static string FindConformanceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Reactor.DevBroker.Tests", "Conformance");
            if (File.Exists(Path.Combine(candidate, "install.sh")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            $"Could not find tests/Reactor.DevBroker.Tests/Conformance above {AppContext.BaseDirectory}; the conformance tests run from a checkout.");
    }
}
