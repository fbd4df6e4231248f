using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Inference.Agents;
using Reactor.Inference.Models;
using Reactor.Inference.Tools;

namespace Reactor.Inference.Hosting;

/// <summary>Collects agents, tools, chat clients given in code and the redaction hook.</summary>
public sealed class InferenceBuilder
{
    private readonly Dictionary<string, Func<IAgent>> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentTool> _tools = new(StringComparer.Ordinal);
    private Func<string, string, string> _redact = static (_, json) => json;

    internal InferenceBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the host's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers an agent that reactions start with <c>ctx.Agent(name, input)</c>.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TResult">The result type parsed from the model's answer.</typeparam>
    /// <param name="name">The agent's name.</param>
    /// <param name="configure">Declares model, prompt, tools, budget, fallback and result handling.</param>
    /// <returns>This builder.</returns>
    public InferenceBuilder AddAgent<TInput, TResult>(string name, Action<AgentBuilder<TInput, TResult>> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        _agents[name] = () =>
        {
            var builder = new AgentBuilder<TInput, TResult>(name);
            configure(builder);
            return builder.Build();
        };
        return this;
    }

    /// <summary>Registers a tool that emits an event (the model's arguments are its data) to a topic, keyed by the reacting entity.</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="description">What it does, for the model.</param>
    /// <param name="topic">The topic.</param>
    /// <param name="cloudEventType">The CloudEvents type of the event.</param>
    /// <param name="parametersSchema">The JSON schema of its arguments; any object when omitted.</param>
    /// <returns>This builder.</returns>
    public InferenceBuilder AddEmitTool(string name, string description, string topic, string cloudEventType, JsonElement? parametersSchema = null) =>
        AddTool(BuiltInTools.Emit(name, description, topic, cloudEventType, parametersSchema));

    /// <summary>Registers a tool that posts its arguments to a webhook, with the call's key in <c>Idempotency-Key</c>.</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="description">What it does, for the model.</param>
    /// <param name="endpoint">The webhook's address.</param>
    /// <param name="parametersSchema">The JSON schema of its arguments; any object when omitted.</param>
    /// <returns>This builder.</returns>
    public InferenceBuilder AddWebhookTool(string name, string description, Uri endpoint, JsonElement? parametersSchema = null) =>
        AddTool(BuiltInTools.Webhook(name, description, endpoint, parametersSchema));

    /// <summary>Registers a tool that calls grains; pass <see cref="ToolCall.IdempotencyKey"/> to a grain that dedupes.</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="description">What it does, for the model.</param>
    /// <param name="invoke">Makes the call and returns the text the model gets back.</param>
    /// <param name="parametersSchema">The JSON schema of its arguments; any object when omitted.</param>
    /// <returns>This builder.</returns>
    public InferenceBuilder AddGrainTool(string name, string description, Func<IGrainFactory, ToolCall, Task<string>> invoke, JsonElement? parametersSchema = null) =>
        AddTool(BuiltInTools.Grain(name, description, invoke, parametersSchema));

    /// <summary>Registers a user-defined tool.</summary>
    /// <param name="tool">The tool.</param>
    /// <returns>This builder.</returns>
    public InferenceBuilder AddTool(AgentTool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentException.ThrowIfNullOrWhiteSpace(tool.Name);
        _tools[tool.Name] = tool;
        return this;
    }

    /// <summary>Uses a chat client given in code for a model name (instead of, or without, an endpoint in configuration).</summary>
    /// <param name="name">The model name agents use.</param>
    /// <param name="client">The client.</param>
    /// <param name="modelId">The model id, for decisions.</param>
    /// <param name="version">The model version, for decisions.</param>
    /// <returns>This builder.</returns>
    public InferenceBuilder UseChatClient(string name, IChatClient client, string modelId, string? version = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(client);
        Services.AddSingleton(new ChatClientRegistration(name, modelId, version, client));
        return this;
    }

    /// <summary>
    /// Sets the redaction hook: given the agent's name and the input as JSON, it returns what may leave the process
    /// and enter decision records (mask or drop personal data). Default: the input unchanged.
    /// </summary>
    /// <param name="redact">The hook.</param>
    /// <returns>This builder.</returns>
    public InferenceBuilder Redact(Func<string, string, string> redact)
    {
        _redact = redact ?? throw new ArgumentNullException(nameof(redact));
        return this;
    }

    /// <summary>Builds the catalog, failing with the agent's and tool's names when an allow list names an unregistered tool.</summary>
    internal AgentCatalog Build()
    {
        var agents = _agents.ToDictionary(a => a.Key, a => a.Value(), StringComparer.Ordinal);
        foreach (var agent in agents.Values)
        {
            foreach (var tool in agent.AllowedTools.Where(t => !_tools.ContainsKey(t)))
            {
                throw new InvalidOperationException($"Agent '{agent.Name}' allows tool '{tool}', which is not registered; add it with AddTool, AddEmitTool, AddWebhookTool or AddGrainTool.");
            }
        }

        return new AgentCatalog(agents, new Dictionary<string, AgentTool>(_tools, StringComparer.Ordinal), _redact);
    }
}
