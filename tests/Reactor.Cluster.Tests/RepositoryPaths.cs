namespace Reactor.Cluster.Tests;

/// <summary>Finds files of the repository the tests were built from.</summary>
internal static class RepositoryPaths
{
    /// <summary>Gets the repository root: the nearest directory above the test binaries holding Reactor.sln.</summary>
    public static string Root { get; } = FindRoot();

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
