namespace Reactor.Host.Api.Commands;

/// <summary>Registers the commands the HTTP API accepts, per entity type.</summary>
public sealed class EntityCommands
{
    private readonly Dictionary<(string EntityType, string Name), EntityCommand> _commands = [];

    /// <summary>Gets every registered command.</summary>
    public IEnumerable<EntityCommand> All => _commands.Values;

    /// <summary>Registers a command: <c>POST /api/entities/{entityType}/{id}/commands/{name}</c> with a <typeparamref name="TCommand"/> body.</summary>
    /// <typeparam name="TCommand">The command's type; the request body is deserialized into it, with required members enforced.</typeparam>
    /// <param name="entityType">The entity type (grain type), for example <c>customer</c>.</param>
    /// <param name="name">The command's name in the route.</param>
    /// <param name="topic">The topic the event goes to; the entity must react to it.</param>
    /// <param name="toEvent">Turns the entity id and the command into an event of a registered type.</param>
    /// <returns>This registry.</returns>
    public EntityCommands Add<TCommand>(string entityType, string name, string topic, Func<string, TCommand, object> toEvent)
        where TCommand : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(toEvent);
        _commands[(entityType, name)] = new EntityCommand(entityType, name, typeof(TCommand), topic, (id, command) => toEvent(id, (TCommand)command));
        return this;
    }

    /// <summary>Finds a command.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="name">The command's name.</param>
    /// <returns>The command, or <see langword="null"/>.</returns>
    public EntityCommand? Find(string entityType, string name) => _commands.GetValueOrDefault((entityType, name));
}
