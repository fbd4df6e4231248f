namespace Orleans.Configuration;

/// <summary>Configures how Reactor's entity grains apply, retry and persist events.</summary>
public sealed class ReactorOptions
{
    /// <summary>The configuration section Reactor binds by convention.</summary>
    public const string SectionName = "Reactor";

    /// <summary>Gets or sets the name of the Orleans grain storage that holds entity documents. Default: <c>reactor</c>.</summary>
    public string StorageName { get; set; } = "reactor";

    /// <summary>Gets or sets how often an entity with unpersisted changes flushes them. Default: 5 seconds.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets after how many processed events an entity flushes at once. Default: 1,000.</summary>
    public int FlushAfterEvents { get; set; } = 1_000;

    /// <summary>Gets or sets how many times a throwing handler is tried before its event is dead-lettered. Default: 3.</summary>
    public int MaxHandlerAttempts { get; set; } = 3;

    /// <summary>Gets or sets how many recent decisions each entity document keeps. Default: 50.</summary>
    public int RecentDecisionLimit { get; set; } = 50;

    /// <summary>
    /// Gets or sets the ids of rules that are switched off (<c>Reactor:DisabledRules:0</c> = <c>payment-fraud-hold</c>). Read
    /// live: a change to configuration takes effect at the next event, without a redeploy. A disabled rule is not
    /// evaluated, does not arm deadlines and its armed deadlines do not fire. Default: empty.
    /// </summary>
    public IList<string> DisabledRules { get; set; } = [];

    /// <summary>
    /// Gets or sets how many times an action from the outbox is tried before it is recorded as failed (a restart in
    /// between runs it again regardless). Default: 3.
    /// </summary>
    public int ActionAttempts { get; set; } = 3;

    /// <summary>Gets or sets the base delay between attempts of an action; it doubles each attempt, with full jitter. Default: 200 ms.</summary>
    public TimeSpan ActionRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets how long one webhook attempt may take. Default: 30 seconds.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
