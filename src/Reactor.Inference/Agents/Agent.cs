using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using Reactor.Abstractions;
using Reactor.Inference.Models;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Metrics;

namespace Reactor.Inference.Agents;

/// <summary>
/// Runs one agent: renders its prompt around the (redacted, delimited) input, converses with its model through the
/// model's pipeline, runs the tool calls its allow list and budget permit (refusing and recording the others), parses
/// the final answer into <typeparamref name="TResult"/>, and on any failure takes the declared fallback instead; then
/// hands the result to the result handler.
/// </summary>
internal sealed class Agent<TInput, TResult>(
    string name,
    string model,
    PromptTemplate prompt,
    IReadOnlyList<string> allowedTools,
    AgentBudget budget,
    Func<TInput, TResult> fallback,
    Func<AgentResultContext, TInput, TResult, Task>? onResult) : IAgent
{
    public string Name { get; } = name;

    public string Model { get; } = model;

    public IReadOnlyList<string> AllowedTools { get; } = allowedTools;

    public PromptTemplate Prompt { get; } = prompt;

    public AgentBudget Budget { get; } = budget;

    public async Task<ActionReport> RunAsync(AgentRun run, string key, AgentServices services, CancellationToken cancellationToken)
    {
        var input = run.Input.Deserialize<TInput>(ReactorJson.Options)
            ?? throw new InvalidOperationException($"Agent '{Name}' got a null input.");
        var data = services.Redact(Name, run.Input.GetRawText());
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [InferenceDetails.Model] = Model,
            [InferenceDetails.PromptId] = Prompt.Id,
            [InferenceDetails.PromptVersion] = Prompt.Version.ToString(CultureInfo.InvariantCulture),
            [InferenceDetails.Input] = data,
        };
        using var activity = ReactorActivities.StartGenAi("invoke_agent", Name, ActivityKind.Internal);
        activity?.SetTag("gen_ai.agent.name", Name);
        activity?.SetTag("reactor.model.name", Model);
        var steps = new List<ActionRecord>();
        var started = services.Time.GetTimestamp();
        var usage = new UsageDetails();
        var turns = 0;
        TResult result;
        string? fallbackReason = null;
        if (!services.Models.TryGet(Model, out var chat))
        {
            fallbackReason = "no-endpoint";
            result = fallback(input);
        }
        else
        {
            details[InferenceDetails.ModelId] = chat.ModelId;
            activity?.SetTag("gen_ai.request.model", chat.ModelId);
            if (chat.Version is { } version)
            {
                details[InferenceDetails.ModelVersion] = version;
                activity?.SetTag("reactor.model.version", version);
            }

            using var wall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wall.CancelAfter(Budget.WallTime);
            try
            {
                IReadOnlyList<string> allowed = run.Tools is null ? AllowedTools : [.. AllowedTools.Intersect(run.Tools, StringComparer.Ordinal)];
                var conversation = new Conversation(this, allowed, chat, run, key, data, services, steps, usage, details);
                result = await conversation.RunAsync(wall.Token);
                turns = conversation.Turns;
            }
#pragma warning disable CA1031 // Whatever the endpoint or the model did, the reaction takes its declared fallback and records why.
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                fallbackReason = ex switch
                {
                    AgentRefusal refusal => refusal.Message,
                    BrokenCircuitException or IsolatedCircuitException => "circuit-open",
                    TimeoutRejectedException => "timeout",
                    RateLimiterRejectedException => "concurrency-limit",
                    OperationCanceledException => "wall-time",
                    _ => $"endpoint-failed: {ex.GetType().Name}: {ex.Message}",
                };
                result = fallback(input);
            }
        }

        details[InferenceDetails.LatencyMs] = services.Time.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
        details[InferenceDetails.InputTokens] = (usage.InputTokenCount ?? 0).ToString(CultureInfo.InvariantCulture);
        details[InferenceDetails.OutputTokens] = (usage.OutputTokenCount ?? 0).ToString(CultureInfo.InvariantCulture);
        details[InferenceDetails.Turns] = turns.ToString(CultureInfo.InvariantCulture);
        details[InferenceDetails.Result] = JsonSerializer.Serialize(result, ReactorJson.Options);
        activity?.SetTag("gen_ai.usage.input_tokens", usage.InputTokenCount ?? 0);
        activity?.SetTag("gen_ai.usage.output_tokens", usage.OutputTokenCount ?? 0);
        if (fallbackReason is not null)
        {
            details[InferenceDetails.Fallback] = fallbackReason;
            activity?.SetTag("reactor.agent.fallback", fallbackReason);
        }

        if (onResult is not null)
        {
            await onResult(new AgentResultContext(key, run.EntityId, fallbackReason, services.Services, steps, cancellationToken), input, result);
        }

        return new ActionReport(details, steps);
    }

    /// <summary>One run's exchange with the model.</summary>
    private sealed class Conversation(
        Agent<TInput, TResult> agent,
        IReadOnlyList<string> allowed,
        ChatModel chat,
        AgentRun run,
        string key,
        string data,
        AgentServices services,
        List<ActionRecord> steps,
        UsageDetails usage,
        Dictionary<string, string> details)
    {
        private int _toolOrdinal;
        private int _toolsRun;

        public int Turns { get; private set; }

        public async Task<TResult> RunAsync(CancellationToken cancellationToken)
        {
            var messages = new List<ChatMessage>
            {
                new(ChatRole.System, agent.Prompt.RenderSystem()),
                new(ChatRole.User, agent.Prompt.RenderUser(data)),
            };

            // Only allowed tools are offered; a call to any other is refused below whatever the model answers.
            var offered = allowed
                .Select(t => services.Tools[t])
                .Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.ParametersSchema))
                .ToList();
            var options = new ChatOptions
            {
                Tools = offered.Count > 0 ? offered : null,
                ResponseFormat = typeof(TResult) == typeof(string) ? null : ChatResponseFormat.Json,
            };
            while (true)
            {
                if (Turns >= agent.Budget.MaxTurns)
                {
                    throw new AgentRefusal($"budget: more than {agent.Budget.MaxTurns} model calls");
                }

                Turns++;
                if (chat.Tokens is { } budget && !await budget.WaitAsync(cancellationToken))
                {
                    throw new AgentRefusal($"token-budget: model '{chat.Name}' used its {budget.TokensPerMinute} tokens per minute");
                }

                var response = await CallModelAsync(messages, options, cancellationToken);
                if (response.Usage is { } used)
                {
                    usage.Add(used);
                    chat.Tokens?.Charge(used.TotalTokenCount ?? ((used.InputTokenCount ?? 0) + (used.OutputTokenCount ?? 0)));
                }

                if ((usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0) > agent.Budget.MaxTokens)
                {
                    throw new AgentRefusal($"budget: more than {agent.Budget.MaxTokens} tokens");
                }

                messages.AddRange(response.Messages);
                var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
                if (calls.Count == 0)
                {
                    details[InferenceDetails.Output] = response.Text;
                    return Parse(response.Text);
                }

                var results = new List<AIContent>();
                foreach (var call in calls)
                {
                    results.Add(new FunctionResultContent(call.CallId, await CallToolAsync(call, cancellationToken)));
                }

                messages.Add(new ChatMessage(ChatRole.Tool, results));
            }
        }

        /// <summary>Makes one model call through the model's pipeline, inside a <c>chat {model}</c> span (OpenTelemetry GenAI conventions).</summary>
        private async Task<ChatResponse> CallModelAsync(List<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
        {
            using var call = ReactorActivities.StartGenAi("chat", chat.ModelId, ActivityKind.Client);
            call?.SetTag("gen_ai.request.model", chat.ModelId);
            call?.SetTag("reactor.model.name", chat.Name);
            if (chat.Version is { } version)
            {
                call?.SetTag("reactor.model.version", version);
            }

            try
            {
                var response = await chat.Pipeline.ExecuteAsync(async token => await chat.Client.GetResponseAsync(messages, options, token), cancellationToken);
                call?.SetTag("gen_ai.response.model", response.ModelId);
                call?.SetTag("gen_ai.usage.input_tokens", response.Usage?.InputTokenCount);
                call?.SetTag("gen_ai.usage.output_tokens", response.Usage?.OutputTokenCount);
                return response;
            }
            catch (Exception ex)
            {
                call?.SetTag("error.type", ex.GetType().FullName);
                call?.SetStatus(ActivityStatusCode.Error, ex.Message);
                throw;
            }
        }

        private async Task<string> CallToolAsync(FunctionCallContent call, CancellationToken cancellationToken)
        {
            var toolKey = string.Create(CultureInfo.InvariantCulture, $"{key}/tool-{_toolOrdinal++}");
            var arguments = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), ReactorJson.Options);
            var payload = arguments.GetRawText();
            string? refusal = null;
            if (!allowed.Contains(call.Name, StringComparer.Ordinal))
            {
                refusal = $"tool '{call.Name}' is not in the allow list of agent '{agent.Name}' for this rule";
            }
            else if (_toolsRun >= agent.Budget.MaxToolCalls)
            {
                refusal = $"budget: agent '{agent.Name}' may make {agent.Budget.MaxToolCalls} tool call(s)";
            }

            if (refusal is not null)
            {
                steps.Add(new ActionRecord("tool", call.Name, toolKey, payload, ActionOutcome.Refused, refusal));
                return $"refused: {refusal}";
            }

            _toolsRun++;
            var tool = services.Tools[call.Name];
            try
            {
                var result = await tool.InvokeAsync(new Tools.ToolCall(call.Name, arguments, toolKey, run.EntityId, services.Services, cancellationToken));
                steps.Add(new ActionRecord("tool", call.Name, toolKey, payload, ActionOutcome.Succeeded, Details: new Dictionary<string, string> { ["result"] = result }));
                return result;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                steps.Add(new ActionRecord("tool", call.Name, toolKey, payload, ActionOutcome.Failed, ex.Message));
                return $"failed: {ex.Message}";
            }
        }

        private static TResult Parse(string text)
        {
            if (typeof(TResult) == typeof(string))
            {
                return (TResult)(object)text;
            }

            var json = text.Trim();
            if (json.StartsWith("```", StringComparison.Ordinal))
            {
                // Models often fence JSON even when asked for JSON.
                var start = json.IndexOf('\n', StringComparison.Ordinal);
                var end = json.LastIndexOf("```", StringComparison.Ordinal);
                json = start >= 0 && end > start ? json[(start + 1)..end] : json;
            }

            try
            {
                return JsonSerializer.Deserialize<TResult>(json, ReactorJson.Options) ?? throw new AgentRefusal("parse-failed: the answer is null");
            }
            catch (JsonException ex)
            {
                throw new AgentRefusal($"parse-failed: {ex.Message}");
            }
        }
    }
}
