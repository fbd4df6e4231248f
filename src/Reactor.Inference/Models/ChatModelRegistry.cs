using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using Orleans.Configuration;

namespace Reactor.Inference.Models;

/// <summary>
/// Holds the configured chat models of the silo, created once from <see cref="InferenceOptions"/> (or given as clients in
/// code), each with its own pipeline, so a slow or failing endpoint uses up only its own slots and its own breaker.
/// </summary>
internal sealed class ChatModelRegistry : IDisposable
{
    private readonly Dictionary<string, ChatModel> _models = new(StringComparer.Ordinal);

    public ChatModelRegistry(IOptions<InferenceOptions> options, IEnumerable<ChatClientRegistration> clients, TimeProvider time)
    {
        foreach (var (name, model) in options.Value.Models)
        {
            if (model.Endpoint is null)
            {
                continue;
            }

            var client = new OpenAIClient(
                new ApiKeyCredential(string.IsNullOrEmpty(model.ApiKey) ? "unused" : model.ApiKey),
                new OpenAIClientOptions
                {
                    Endpoint = model.Endpoint,

                    // Retries and timeouts are the pipeline's, counted by the breaker; the SDK's own would hide them.
                    RetryPolicy = new ClientRetryPolicy(0),
                    NetworkTimeout = model.Timeout + TimeSpan.FromSeconds(5),
                });
            _models[name] = new ChatModel(name, model.Model!, model.Version, client.GetChatClient(model.Model).AsIChatClient(), ChatModelPipeline.Build(model, time), Budget(model, time));
        }

        foreach (var registration in clients)
        {
            var settings = options.Value.Models.GetValueOrDefault(registration.Name) ?? new ChatModelOptions();
            _models[registration.Name] = new ChatModel(registration.Name, registration.ModelId, registration.Version ?? settings.Version, registration.Client, ChatModelPipeline.Build(settings, time), Budget(settings, time));
        }
    }

    /// <summary>Finds a configured model.</summary>
    /// <param name="name">The name agents use.</param>
    /// <param name="model">The model, when configured.</param>
    /// <returns>Whether it is configured.</returns>
    public bool TryGet(string name, out ChatModel model) => _models.TryGetValue(name, out model!);

    private static TokenBudget? Budget(ChatModelOptions options, TimeProvider time) =>
        options.TokensPerMinute > 0 ? new TokenBudget(options.TokensPerMinute, options.MaxTokenWait, time) : null;

    public void Dispose()
    {
        foreach (var model in _models.Values)
        {
            model.Client.Dispose();
        }
    }
}
