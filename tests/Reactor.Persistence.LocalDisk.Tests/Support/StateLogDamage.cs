using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Persistence.LocalDisk.Providers.Log;
using Xunit;

namespace Reactor.Persistence.LocalDisk.Tests.Support;

/// <summary>Finds and damages state log records on disk, as bit rot or a bad sector would.</summary>
internal static class StateLogDamage
{
    /// <summary>Gets the segment path and offset of a state's newest record.</summary>
    public static (string SegmentPath, long Offset, int Length) Locate(LocalDiskGrainStorage storage, string stateName, GrainId grainId)
    {
        var log = storage.StateLog ?? throw new InvalidOperationException("The provider has not started its state log.");
        Assert.True(log.Index.TryGet(new StateLogKey(stateName, grainId), out var entry), $"no record of {grainId}");
        return (log.SegmentPath(entry.Segment), entry.Offset, entry.Length);
    }

    /// <summary>Flips the last byte of a state's newest record (inside its document), in place.</summary>
    public static void FlipLastPayloadByte(LocalDiskGrainStorage storage, string stateName, GrainId grainId)
    {
        var (path, offset, length) = Locate(storage, stateName, grainId);
        FlipByte(path, offset + length - 1);
    }

    /// <summary>Flips one byte of a file in place.</summary>
    public static void FlipByte(string path, long position)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var one = new byte[1];
        RandomAccess.Read(handle, one, position);
        one[0] ^= 0x5A;
        RandomAccess.Write(handle, one, position);
    }
}
