using Microsoft.Extensions.AI;

namespace Reactor.Inference.Models;

/// <summary>A chat client given in code rather than by configuration.</summary>
/// <param name="Name">The name agents use.</param>
/// <param name="ModelId">The model id, for decisions.</param>
/// <param name="Version">The version, for decisions.</param>
/// <param name="Client">The client.</param>
internal sealed record ChatClientRegistration(string Name, string ModelId, string? Version, IChatClient Client);
