using System.Globalization;

namespace Reactor.Host.Api;

/// <summary>Builds the RFC 9457 problem details the API answers errors with.</summary>
internal static class ApiProblems
{
    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "The request is not valid", detail);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static IResult TooLarge(int limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large", string.Create(CultureInfo.InvariantCulture, $"The body may be at most {limit} bytes."));

    public static IResult UnsupportedMediaType(string expected) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send the body as {expected}.");

    public static IResult Unavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail);

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
