namespace Reactor.Runtime.Windows;

/// <summary>
/// Lists what a window does with a late event: one whose event time is further behind the window's watermark (the
/// latest event time it has seen) than its allowed lateness. Late events are always counted (<c>reactor.events.late</c>).
/// </summary>
public enum LateEventPolicy
{
    /// <summary>The event still changes the state, but the window ignores it.</summary>
    Drop = 0,

    /// <summary>The window takes the event all the same (it counts only if it still falls inside the window).</summary>
    ApplyAnyway = 1,

    /// <summary>The whole event is dead-lettered (reason <c>LateEvent</c>): neither the state nor any window sees it.</summary>
    DeadLetter = 2,
}
