using Reactor.Host.Api.Contracts;
using Reactor.Streaming.Kafka.Shadow;

namespace Reactor.Host.Api;

/// <summary>Maps the shadow evaluation routes: run candidate rules or models over the host's history with side effects off, and follow the report.</summary>
internal static class ShadowEndpoints
{
    public static void MapShadowReads(this RouteGroupBuilder api)
    {
        api.MapGet("/shadow-evaluations", ListAsync)
            .WithName("ListShadowEvaluations")
            .WithSummary("Lists the shadow evaluations, oldest first, without their diff entries.")
            .Produces<IReadOnlyList<ShadowResponse>>();

        api.MapGet("/shadow-evaluations/{id:long}", GetAsync)
            .WithName("GetShadowEvaluation")
            .WithSummary("Reads a shadow evaluation's progress; poll it until its state is Completed (the report is then included), Failed or Cancelled.")
            .Produces<ShadowResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static void MapShadowWrites(this RouteGroupBuilder api)
    {
        api.MapPost("/shadow-evaluations", StartAsync)
            .WithName("StartShadowEvaluation")
            .WithSummary("Starts a shadow evaluation: an entity type's history is read again into fresh in-memory state with candidate rule versions and/or model overrides, nothing is executed, and the decisions it would have made are compared with those that were made.")
            .WithDescription("`from` is `earliest` (the default: state folded from the beginning), an offset or an ISO 8601 time; `compareFrom` limits the comparison to events at or after that time; `to` stops reading before that time (default: the high watermarks at the start). Live entities, their storage and the consumer group's offsets are untouched.")
            .Produces<ShadowResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/shadow-evaluations/{id:long}/cancel", CancelAsync)
            .WithName("CancelShadowEvaluation")
            .WithSummary("Cancels a running shadow evaluation.")
            .Produces<ShadowResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains) =>
        Results.Ok((await Shadows(grains).ListAsync()).Select(ShadowResponse.Of).ToList());

    private static async Task<IResult> GetAsync(long id, IGrainFactory grains) =>
        await Shadows(grains).GetStatusAsync(id) is { } status
            ? Results.Ok(ShadowResponse.Of(status))
            : ApiProblems.NotFound($"There is no shadow evaluation {id}.");

    private static async Task<IResult> CancelAsync(long id, IGrainFactory grains) =>
        await Shadows(grains).CancelAsync(id) is { } status
            ? Results.Ok(ShadowResponse.Of(status))
            : ApiProblems.NotFound($"There is no shadow evaluation {id}.");

    private static async Task<IResult> StartAsync(ShadowRequest? request, IGrainFactory grains, ShadowValidation validation)
    {
        if (!validation.TryValidate(request, out var valid, out var problem))
        {
            return ApiProblems.BadRequest(problem!);
        }

        KafkaShadowStatus status;
        try
        {
            status = await Shadows(grains).StartAsync(valid!);
        }
        catch (ArgumentException ex)
        {
            return ApiProblems.BadRequest(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return ApiProblems.Unavailable(ex.Message);
        }

        return Results.Accepted($"/api/shadow-evaluations/{status.Id}", ShadowResponse.Of(status));
    }

    private static IKafkaShadowGrain Shadows(IGrainFactory grains) => grains.GetKafkaShadows(ReactorHostBuilderExtensions.KafkaProviderName);
}
