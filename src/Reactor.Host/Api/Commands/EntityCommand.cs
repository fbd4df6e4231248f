namespace Reactor.Host.Api.Commands;

/// <summary>
/// A typed command services send to an entity over HTTP. The command becomes an event written to the entity's topic
/// (keyed by entity id), so the log stays the source of truth and a replay rebuilds what the command did.
/// </summary>
/// <param name="EntityType">The entity type (grain type) the command is for, for example <c>customer</c>.</param>
/// <param name="Name">The command's name in the route, for example <c>sign-in</c>.</param>
/// <param name="CommandType">The .NET type the request body must deserialize to.</param>
/// <param name="Topic">The topic the resulting event is written to.</param>
/// <param name="ToEvent">Turns the entity id and the command into the event (a registered event type).</param>
public sealed record EntityCommand(string EntityType, string Name, Type CommandType, string Topic, Func<string, object, object> ToEvent);
