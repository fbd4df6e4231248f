namespace Reactor.Host.Api;

/// <summary>Reads a request body up to a limit, so an oversized body is refused before it is buffered.</summary>
internal static class BoundedBody
{
    /// <summary>Reads the body, or returns the problem to answer with (413 when it exceeds <paramref name="limit"/>).</summary>
    public static async Task<(byte[]? Body, IResult? Problem)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, ApiProblems.TooLarge(limit));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, ApiProblems.TooLarge(limit));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0
            ? (null, ApiProblems.BadRequest("The request body is empty."))
            : (buffer.ToArray(), null);
    }
}
