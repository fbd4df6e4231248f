namespace Reactor.Benchmarks.LocalDisk;

/// <summary>How a state write reaches the disk in the LocalDisk write benchmark.</summary>
internal enum WriteMode
{
    /// <summary>(c) Baseline: write, fsync, rename and directory fsync run synchronously on the calling thread-pool thread, as the provider did before.</summary>
    ThreadPoolFsync,

    /// <summary>(a) <c>LocalDiskGrainStorage</c> with its dedicated I/O threads, <c>FlushToDisk = true</c>.</summary>
    IoThreadsFsync,

    /// <summary>(b) <c>LocalDiskGrainStorage</c> with its dedicated I/O threads, <c>FlushToDisk = false</c>.</summary>
    IoThreadsNoFsync,
}
