namespace Reactor.Samples.Commerce.Events;

/// <summary>A support message drafted for a customer whose payments keep failing (emitted by the support follow-up agent).</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Message">The message.</param>
/// <param name="Tone">How it is pitched.</param>
/// <param name="Fallback">Why the declared fallback was used instead of the model's answer, or <see langword="null"/>.</param>
public sealed record SupportFollowUpDrafted(string CustomerId, string Message, string Tone, string? Fallback);
