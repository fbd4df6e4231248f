namespace Reactor.Runtime.Events;

/// <summary>The CloudEvents rules for string attribute values.</summary>
internal static class CloudEventAttributeText
{
    /// <summary>Throws unless <paramref name="value"/> is a non-empty CloudEvents string.</summary>
    public static void RequireNonEmpty(string value, string attribute)
    {
        ArgumentNullException.ThrowIfNull(value, attribute);
        if (value.Length == 0)
        {
            throw new ArgumentException($"The CloudEvents attribute '{attribute}' must not be empty.", attribute);
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c <= '\u001f' || c is >= '\u007f' and <= '\u009f')
            {
                throw new ArgumentException($"Control character U+{(int)c:x4} is not permitted in the CloudEvents attribute '{attribute}'.", attribute);
            }

            if (c >= '\ufffe' || c is >= '\ufdd0' and <= '\ufdef')
            {
                throw new ArgumentException($"Noncharacter U+{(int)c:x4} is not permitted in the CloudEvents attribute '{attribute}'.", attribute);
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new ArgumentException($"Unpaired surrogate U+{(int)c:x4} is not permitted in the CloudEvents attribute '{attribute}'.", attribute);
            }
        }
    }
}
