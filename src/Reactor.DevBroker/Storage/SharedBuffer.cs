using System.Buffers;

namespace Reactor.DevBroker.Storage;

/// <summary>
/// A byte array shared by reference count, so a received request's bytes can be kept without copying: the connection
/// that received the frame holds one reference, and each batch a partition keeps in memory from it another, until
/// the batch is written to its segment file. The last <see cref="Release"/> returns a pooled array to the pool.
/// </summary>
internal sealed class SharedBuffer
{
    private readonly bool _pooled;
    private int _references = 1;

    private SharedBuffer(byte[] array, bool pooled)
    {
        Array = array;
        _pooled = pooled;
    }

    /// <summary>Gets the underlying array (possibly longer than what was asked for).</summary>
    public byte[] Array { get; }

    /// <summary>Rents an array of at least <paramref name="minimumLength"/> bytes from the shared pool; the caller holds the first reference.</summary>
    public static SharedBuffer Rent(int minimumLength) => new(ArrayPool<byte>.Shared.Rent(minimumLength), pooled: true);

    /// <summary>Wraps an array that is not pooled; the caller holds the first reference.</summary>
    public static SharedBuffer Wrap(byte[] array) => new(array, pooled: false);

    /// <summary>Takes another reference.</summary>
    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>Drops a reference; the last one returns a pooled array to the pool.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0 && _pooled)
        {
            ArrayPool<byte>.Shared.Return(Array);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("A shared buffer was released more often than referenced.");
        }
    }
}
