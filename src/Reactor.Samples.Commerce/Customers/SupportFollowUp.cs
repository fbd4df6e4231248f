namespace Reactor.Samples.Commerce.Customers;

/// <summary>The support follow-up agent's answer: a short message to the customer.</summary>
/// <param name="Message">The message.</param>
/// <param name="Tone">How the message is pitched (for example <c>reassuring</c> or <c>cautious</c>).</param>
public sealed record SupportFollowUp(string Message, string Tone);
