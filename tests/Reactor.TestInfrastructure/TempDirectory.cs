namespace Reactor.TestInfrastructure;

/// <summary>Creates a directory of its own for one test and deletes it afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a new empty directory under the system's temporary folder.</summary>
    /// <param name="purpose">A word that shows up in the directory name, for debugging.</param>
    public TempDirectory(string purpose = "test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "reactor-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>Gets the directory's full path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file open must not fail the test; the OS cleans temp eventually.
        }
    }
}
