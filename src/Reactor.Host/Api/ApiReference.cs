using Reactor.Host.Api.Auth;
using Scalar.AspNetCore;

namespace Reactor.Host.Api;

/// <summary>Serves the API's OpenAPI document at <c>/openapi/v1.json</c> and a browsable reference page at <c>/api/reference</c>.</summary>
internal static class ApiReference
{
    public const string DocumentPath = "/openapi/{documentName}.json";

    public static void AddReactorOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Reactor HTTP API";
            document.Info.Description = "Entity state and decisions, CloudEvents ingest, typed commands and replays. Send an API key in the X-Api-Key header or a JWT as Authorization: Bearer; reads need the read permission, writes the write permission.";
            return Task.CompletedTask;
        }));

    public static void MapReactorOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).RequireAuthorization(ApiClaims.ReadPolicy);
        app.MapScalarApiReference("/api/reference", o => o.WithOpenApiRoutePattern(DocumentPath).WithTitle("Reactor HTTP API"))
            .RequireAuthorization(ApiClaims.ReadPolicy);
    }
}
