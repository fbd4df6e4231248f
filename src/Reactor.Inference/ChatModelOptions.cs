namespace Orleans.Configuration;

/// <summary>Configures one chat model: an OpenAI-compatible endpoint and how calls to it are limited and retried.</summary>
public sealed class ChatModelOptions
{
    /// <summary>
    /// Gets or sets the OpenAI-compatible endpoint, for example <c>http://127.0.0.1:11434/v1</c> (Ollama) or a vLLM or
    /// Azure OpenAI <c>/v1</c> address. <see langword="null"/> (the default) leaves the model unconfigured.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the API key. Give it through the environment or a secret store, never in <c>appsettings.json</c>. Default: none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the model id the endpoint serves, for example <c>gpt-4o-mini</c>. Required with an endpoint.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets the version recorded in decisions (a model has no hash over HTTP; name the deployment). Default: none.</summary>
    public string? Version { get; set; }

    /// <summary>Gets or sets how many calls to this model run at once (across all entities of the silo). Default: 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Gets or sets how many calls may wait for a slot; more are rejected and take their fallback. Default: 1,000.</summary>
    public int MaxQueued { get; set; } = 1_000;

    /// <summary>
    /// Gets or sets how many calls (attempts included) this silo may start per minute; more wait for the window to move,
    /// up to <see cref="MaxQueued"/>. 0 (the default) sets no rate limit.
    /// </summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>
    /// Gets or sets how many tokens (input plus output, as the endpoint reports them) this silo's calls to this model may
    /// use per minute (a sliding window). A call that finds the budget used up waits for it to free, up to
    /// <see cref="MaxTokenWait"/>, and otherwise takes its fallback (<c>fallback=token-budget</c>). 0 (the default) sets no budget.
    /// </summary>
    public long TokensPerMinute { get; set; }

    /// <summary>
    /// Gets or sets how long a call may wait for the <see cref="TokensPerMinute"/> budget to free before it takes its
    /// fallback; a call that would have to wait longer takes it at once. Default: 30 seconds.
    /// </summary>
    public TimeSpan MaxTokenWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long one attempt may take. Default: 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many times a failed or timed-out attempt is retried (exponential back-off with jitter). Default: 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Gets or sets the base delay between retries. Default: 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the share of failed attempts in <see cref="BreakerSamplingDuration"/> that opens the circuit. Default: 0.5.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many attempts the sampling window needs before the circuit may open. Default: 4.</summary>
    public int BreakerMinimumThroughput { get; set; } = 4;

    /// <summary>Gets or sets the window over which failures are counted. Default: 30 seconds.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an open circuit rejects calls (they take their fallback at once). Default: 30 seconds.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
