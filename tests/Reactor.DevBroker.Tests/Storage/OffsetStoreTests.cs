using Microsoft.Extensions.Logging.Abstractions;
using Reactor.DevBroker.Storage;
using Xunit;

namespace Reactor.DevBroker.Tests.Storage;

public sealed class OffsetStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("devbroker-offsets-").FullName;

    [Fact]
    public void Commit_SurvivesReload_WithMetadataAndLatestValue()
    {
        using (var store = new OffsetStore(_directory, NullLogger.Instance))
        {
            store.Load();
            store.Commit("g", [("t", 0, new CommittedOffset(5, 0, "meta-1")), ("t", 1, new CommittedOffset(9, -1, null))]);
            store.Commit("g", [("t", 0, new CommittedOffset(6, 0, "meta-2"))]);
            store.Commit("h", [("other", 0, new CommittedOffset(1, 0, ""))]);
            store.DeleteTopic("other");
        }

        using var reloaded = new OffsetStore(_directory, NullLogger.Instance);
        reloaded.Load();
        Assert.Equal(new CommittedOffset(6, 0, "meta-2"), reloaded.Get("g", "t", 0));
        Assert.Equal(new CommittedOffset(9, -1, null), reloaded.Get("g", "t", 1));
        Assert.Null(reloaded.Get("h", "other", 0));
        Assert.Null(reloaded.Get("g", "t", 2));
        Assert.Equal(["g"], reloaded.Groups);
    }

    [Fact]
    public void Load_WithTornTail_KeepsEveryWholeRecord()
    {
        using (var store = new OffsetStore(_directory, NullLogger.Instance))
        {
            store.Load();
            store.Commit("g", [("t", 0, new CommittedOffset(5, 0, null))]);
        }

        File.AppendAllText(Path.Combine(_directory, "consumer-offsets.log"), "\0\0\0\x40torn");
        using var reloaded = new OffsetStore(_directory, NullLogger.Instance);
        reloaded.Load();
        Assert.Equal(5, reloaded.Get("g", "t", 0)!.Offset);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
