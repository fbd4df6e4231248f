namespace Reactor.Benchmarks.LocalDisk;

/// <summary>Names how a state write reaches the disk in the LocalDisk write benchmark.</summary>
internal enum WriteMode
{
    /// <summary>Runs the baseline (c): write, fsync, rename and directory fsync run synchronously on the calling thread-pool thread, as the provider did before.</summary>
    ThreadPoolFsync,

    /// <summary>Uses (a) <c>LocalDiskGrainStorage</c> with its dedicated I/O threads, <c>FlushToDisk = true</c>.</summary>
    IoThreadsFsync,

    /// <summary>Uses (b) <c>LocalDiskGrainStorage</c> with its dedicated I/O threads, <c>FlushToDisk = false</c>.</summary>
    IoThreadsNoFsync,
}
