namespace Reactor.Runtime.Windows;

/// <summary>Lists how an event window moves with event time.</summary>
public enum WindowKind
{
    /// <summary>The window always covers the last <c>size</c> of event time: <c>(watermark - size, watermark]</c>.</summary>
    Sliding = 0,

    /// <summary>
    /// The window covers the fixed bucket of event time that holds the watermark: <c>[start, start + size)</c>, with
    /// buckets aligned to the Unix epoch. Entries of earlier buckets are dropped when the watermark enters a new one.
    /// </summary>
    Tumbling = 1,
}
