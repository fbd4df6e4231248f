namespace Reactor.DevBroker.Storage;

/// <summary>Checks topic names against Kafka's rules, which also keeps them safe as directory names.</summary>
internal static class TopicNames
{
    /// <summary>The longest legal topic name.</summary>
    public const int MaxLength = 249;

    /// <summary>Tells whether <paramref name="name"/> is a legal topic name.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name is "." or "..")
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
