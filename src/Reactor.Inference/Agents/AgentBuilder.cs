namespace Reactor.Inference.Agents;

/// <summary>Declares one agent: its model, versioned prompt, allowed tools, budget, fallback and what to do with the result.</summary>
/// <typeparam name="TInput">What reactions give it (serialized into the prompt as delimited data).</typeparam>
/// <typeparam name="TResult">The typed result parsed from the model's final answer (<see cref="string"/> for free text).</typeparam>
public sealed class AgentBuilder<TInput, TResult>
{
    private readonly string _name;
    private readonly List<string> _tools = [];
    private string? _model;
    private PromptTemplate? _prompt;
    private AgentBudget _budget = new();
    private Func<TInput, TResult>? _fallback;
    private Func<AgentResultContext, TInput, TResult, Task>? _onResult;

    internal AgentBuilder(string name) => _name = name;

    /// <summary>Names the chat model (a key of <c>Reactor:Inference:Models</c>).</summary>
    /// <param name="model">The model's name.</param>
    /// <returns>This builder.</returns>
    public AgentBuilder<TInput, TResult> UseModel(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        _model = model;
        return this;
    }

    /// <summary>Sets the versioned prompt.</summary>
    /// <param name="prompt">The prompt.</param>
    /// <returns>This builder.</returns>
    public AgentBuilder<TInput, TResult> WithPrompt(PromptTemplate prompt)
    {
        _prompt = prompt ?? throw new ArgumentNullException(nameof(prompt));
        return this;
    }

    /// <summary>Allows tools (registered with the inference builder); the agent may call no others.</summary>
    /// <param name="tools">The tools' names.</param>
    /// <returns>This builder.</returns>
    public AgentBuilder<TInput, TResult> AllowTools(params string[] tools)
    {
        _tools.AddRange(tools);
        return this;
    }

    /// <summary>Sets the budget enforced on each run.</summary>
    /// <param name="budget">The budget.</param>
    /// <returns>This builder.</returns>
    public AgentBuilder<TInput, TResult> WithBudget(AgentBudget budget)
    {
        _budget = budget ?? throw new ArgumentNullException(nameof(budget));
        return this;
    }

    /// <summary>Declares the result used when the model cannot give one (no endpoint, failure, open circuit, unparseable answer, budget).</summary>
    /// <param name="fallback">Computes the fallback result from the input.</param>
    /// <returns>This builder.</returns>
    public AgentBuilder<TInput, TResult> Fallback(Func<TInput, TResult> fallback)
    {
        _fallback = fallback ?? throw new ArgumentNullException(nameof(fallback));
        return this;
    }

    /// <summary>Acts on the result (the model's or the fallback's; <see cref="AgentResultContext.IsFallback"/> tells which).</summary>
    /// <param name="onResult">The handler.</param>
    /// <returns>This builder.</returns>
    public AgentBuilder<TInput, TResult> OnResult(Func<AgentResultContext, TInput, TResult, Task> onResult)
    {
        _onResult = onResult ?? throw new ArgumentNullException(nameof(onResult));
        return this;
    }

    internal IAgent Build() => new Agent<TInput, TResult>(
        _name,
        _model ?? throw new InvalidOperationException($"Agent '{_name}' names no model; call UseModel."),
        _prompt ?? throw new InvalidOperationException($"Agent '{_name}' has no prompt; call WithPrompt."),
        [.. _tools.Distinct(StringComparer.Ordinal)],
        _budget,
        _fallback ?? throw new InvalidOperationException($"Agent '{_name}' declares no fallback; call Fallback."),
        _onResult);
}
