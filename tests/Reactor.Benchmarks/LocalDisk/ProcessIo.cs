using System.Globalization;

namespace Reactor.Benchmarks.LocalDisk;

/// <summary>
/// The process's I/O counters from <c>/proc/self/io</c> (all threads): write system calls, bytes passed to them, and
/// bytes sent to the storage layer (file data only; not sockets).
/// </summary>
internal readonly record struct ProcessIo(long WriteCalls, long BytesPassed, long BytesToStorage)
{
    public static ProcessIo Read()
    {
        if (!File.Exists("/proc/self/io"))
        {
            return default;
        }

        var values = File.ReadAllLines("/proc/self/io")
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => long.Parse(parts[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return new ProcessIo(values["syscw"], values["wchar"], values["write_bytes"]);
    }

    public static ProcessIo operator -(ProcessIo after, ProcessIo before) =>
        new(after.WriteCalls - before.WriteCalls, after.BytesPassed - before.BytesPassed, after.BytesToStorage - before.BytesToStorage);
}
