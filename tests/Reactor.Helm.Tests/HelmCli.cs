using System.Diagnostics;

namespace Reactor.Helm.Tests;

/// <summary>Runs the helm binary that install-helm.sh unpacks into tests/Reactor.Helm.Tests/.helm, on the repository's chart.</summary>
internal static class HelmCli
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ChartDirectory => Path.Combine(RepositoryRoot, "helm", "reactor");

    public static string ValuesFile(string name) => Path.Combine(AppContext.BaseDirectory, "values", name);

    public static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var helm = Path.Combine(RepositoryRoot, "tests", "Reactor.Helm.Tests", ".helm", "bin", "helm");
        if (!File.Exists(helm))
        {
            throw new FileNotFoundException($"helm was not found at {helm}; run ./test.sh or tests/Reactor.Helm.Tests/install-helm.sh.");
        }

        var start = new ProcessStartInfo(helm) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Helm keeps caches and settings under HOME; the tests need none of a developer's.
        var home = Path.Combine(Path.GetTempPath(), "reactor-helm-tests");
        start.Environment["HELM_CACHE_HOME"] = Path.Combine(home, "cache");
        start.Environment["HELM_CONFIG_HOME"] = Path.Combine(home, "config");
        start.Environment["HELM_DATA_HOME"] = Path.Combine(home, "data");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException($"helm {string.Join(' ', arguments)} did not finish within two minutes");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Renders the chart with a values file (from tests/Reactor.Helm.Tests/values) and extra --set values.</summary>
    public static RenderedChart Template(string? valuesFile, params string[] sets)
    {
        var arguments = new List<string> { "template", "reactor-test", ChartDirectory, "--namespace", "reactor" };
        if (valuesFile is not null)
        {
            arguments.AddRange(["--values", ValuesFile(valuesFile)]);
        }

        foreach (var set in sets)
        {
            arguments.AddRange(["--set", set]);
        }

        var (exitCode, output, error) = Run([.. arguments]);
        Assert.True(exitCode == 0, $"helm {string.Join(' ', arguments)} failed: {error}");
        return RenderedChart.Parse(output);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Reactor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Reactor.sln above {AppContext.BaseDirectory}.");
    }
}
