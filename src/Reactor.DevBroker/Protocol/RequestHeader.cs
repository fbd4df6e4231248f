namespace Reactor.DevBroker.Protocol;

/// <summary>Holds the decoded header of one request.</summary>
/// <param name="ApiKey">The API key.</param>
/// <param name="ApiVersion">The API version.</param>
/// <param name="CorrelationId">The id echoed in the response.</param>
/// <param name="ClientId">The client id, if sent.</param>
internal readonly record struct RequestHeader(short ApiKey, short ApiVersion, int CorrelationId, string? ClientId);
