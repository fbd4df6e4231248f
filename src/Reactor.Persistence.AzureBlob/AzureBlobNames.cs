namespace Reactor.Persistence.AzureBlob;

/// <summary>Builds the blob names Reactor's Azure Blob components use.</summary>
public static class AzureBlobNames
{
    /// <summary>Names the blob of one state of one grain: <c>{grain type}/{state name}/{grain key}.json</c>, each segment escaped.</summary>
    /// <param name="stateName">The state name.</param>
    /// <param name="grainId">The grain id.</param>
    /// <returns>The blob name.</returns>
    public static string ForState(string stateName, GrainId grainId) =>
        $"{Escape(grainId.Type.ToString()!)}/{Escape(stateName)}/{Escape(grainId.Key.ToString()!)}.json";

    /// <summary>
    /// Escapes one segment of a blob name: percent-encodes everything but unreserved characters (so <c>/</c> never
    /// splits a segment), writes the empty string as <c>~</c>, and encodes the dots of <c>.</c> and <c>..</c>.
    /// </summary>
    /// <param name="segment">The segment.</param>
    /// <returns>The escaped segment; distinct segments give distinct results.</returns>
    public static string Escape(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.Length == 0)
        {
            return "~";
        }

        var escaped = Uri.EscapeDataString(segment).Replace("~", "%7E", StringComparison.Ordinal);
        return escaped is "." or ".." ? escaped.Replace(".", "%2E", StringComparison.Ordinal) : escaped;
    }
}
