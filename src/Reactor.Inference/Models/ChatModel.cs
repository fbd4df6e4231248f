using Microsoft.Extensions.AI;
using Polly;

namespace Reactor.Inference.Models;

/// <summary>One configured chat model: its client and the pipeline (concurrency limit, retries, breaker, timeout) every call goes through.</summary>
/// <param name="Name">The name agents use.</param>
/// <param name="ModelId">The model id at the endpoint.</param>
/// <param name="Version">The version recorded in decisions.</param>
/// <param name="Client">The chat client.</param>
/// <param name="Pipeline">The resilience pipeline.</param>
/// <param name="Tokens">The tokens-per-minute budget, or <see langword="null"/> when none is set.</param>
internal sealed record ChatModel(string Name, string ModelId, string? Version, IChatClient Client, ResiliencePipeline Pipeline, TokenBudget? Tokens);
