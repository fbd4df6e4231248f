using Reactor.Host.Api.Contracts;
using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Host.Api;

/// <summary>Maps the replay routes: start a rewind of the host's topics and follow its progress.</summary>
internal static class ReplayEndpoints
{
    public static void MapReplayReads(this RouteGroupBuilder api)
    {
        api.MapGet("/replays", ListAsync)
            .WithName("ListReplays")
            .WithSummary("Lists the replays, oldest first.")
            .Produces<IReadOnlyList<ReplayResponse>>();

        api.MapGet("/replays/{id:long}", GetAsync)
            .WithName("GetReplay")
            .WithSummary("Reads a replay's progress; poll it until isComplete.")
            .Produces<ReplayResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static void MapReplayWrites(this RouteGroupBuilder api) =>
        api.MapPost("/replays", StartAsync)
            .WithName("StartReplay")
            .WithSummary("Starts a replay: the topics are read again from the target and the entities they feed are rebuilt, with reactions' side effects suppressed for events read before.")
            .Produces<ReplayResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<IResult> ListAsync(IGrainFactory grains) =>
        Results.Ok((await Rewinds(grains).ListAsync()).Select(ReplayResponse.From).ToList());

    private static async Task<IResult> GetAsync(long id, IGrainFactory grains) =>
        await Rewinds(grains).GetStatusAsync(id) is { } status
            ? Results.Ok(ReplayResponse.From(status))
            : ApiProblems.NotFound($"There is no replay {id}.");

    private static async Task<IResult> StartAsync(ReplayRequest? request, IGrainFactory grains, IngestTopics topics)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Target))
        {
            return ApiProblems.BadRequest("Send {\"target\": \"earliest\" | an offset | an ISO 8601 time, \"topics\": [...], \"entityId\": ...}.");
        }

        KafkaRewindTarget target;
        try
        {
            target = KafkaRewindTarget.Parse(request.Target);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException)
        {
            return ApiProblems.BadRequest(ex.Message);
        }

        var unknown = (request.Topics ?? []).Except(topics.Names, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return ApiProblems.BadRequest($"The host does not read {string.Join(", ", unknown)}; it reads {string.Join(", ", topics.Names)}.");
        }

        if (request.EntityId is not null && string.IsNullOrWhiteSpace(request.EntityId))
        {
            return ApiProblems.BadRequest("'entityId' must not be blank; leave it out to rebuild every entity.");
        }

        var status = await Rewinds(grains).RewindAsync(new KafkaRewindRequest { Target = target, Topics = request.Topics ?? [], EntityId = request.EntityId });
        return Results.Accepted($"/api/replays/{status.Id}", ReplayResponse.From(status));
    }

    private static IKafkaRewindGrain Rewinds(IGrainFactory grains) => grains.GetKafkaRewinds(ReactorHostBuilderExtensions.KafkaProviderName);
}
