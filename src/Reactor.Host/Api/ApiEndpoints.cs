using Reactor.Host.Api.Auth;

namespace Reactor.Host.Api;

/// <summary>Maps the HTTP API under <c>/api</c>: reads need the read permission, writes the write permission.</summary>
internal static class ApiEndpoints
{
    public static void MapReactorApi(this IEndpointRouteBuilder endpoints)
    {
        var read = endpoints.MapGroup("/api").RequireAuthorization(ApiClaims.ReadPolicy).WithTags("Reactor");
        read.MapEntityEndpoints();
        read.MapReplayReads();
        read.MapShadowReads();

        var write = endpoints.MapGroup("/api").RequireAuthorization(ApiClaims.WritePolicy).WithTags("Reactor");
        write.MapIngestEndpoints();
        write.MapCommandEndpoints();
        write.MapReplayWrites();
        write.MapShadowWrites();
    }
}
