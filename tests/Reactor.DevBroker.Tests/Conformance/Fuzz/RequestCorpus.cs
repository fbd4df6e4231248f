namespace Reactor.DevBroker.Tests.Conformance.Fuzz;

/// <summary>
/// Valid requests of every API the DevBroker advertises, written by hand from the protocol specification, at the
/// versions the real clients use (librdkafka sends ApiVersions v3 first, kafka-python v0; Produce v3/v7, Fetch v4,
/// Metadata v1/v4, group APIs at kafka-python's versions).
/// </summary>
internal static class RequestCorpus
{
    public const int CorrelationId = 0x5EED;

    public static IReadOnlyList<RequestSeed> Build(string produceTopic, string group)
    {
        var seeds = new List<RequestSeed>
        {
            Seed("ApiVersions v0", 18, 0, new WireWriter()),
            Seed("ApiVersions v3", 18, 3, new WireWriter().CompactString("reactor-fuzz").CompactString("1.0.0").EmptyTags(), flexible: true),
            Seed("Metadata v1", 3, 1, new WireWriter().Array([produceTopic], (w, t) => w.String(t))),
            Seed("Metadata v1 all topics", 3, 1, new WireWriter().Int32(-1)),
            Seed("Metadata v4 no auto-create", 3, 4, new WireWriter().Array(["fuzz-missing"], (w, t) => w.String(t)).Int8(0)),
            Seed("Fetch v4", 1, 4, new WireWriter()
                .Int32(-1).Int32(20).Int32(1).Int32(1 << 20).Int8(0)
                .Array([produceTopic], (w, t) => w.String(t).Array([0, 1], (pw, p) => pw.Int32(p).Int64(0).Int32(1 << 16)))),
            Seed("ListOffsets v1", 2, 1, new WireWriter()
                .Int32(-1).Array([produceTopic], (w, t) => w.String(t).Array([0], (pw, p) => pw.Int32(p).Int64(-1)))),
            Seed("FindCoordinator v0", 10, 0, new WireWriter().String(group)),
            Seed("FindCoordinator v1", 10, 1, new WireWriter().String(group).Int8(0)),
            Seed("JoinGroup v2", 11, 2, new WireWriter()
                .String(group).Int32(6000).Int32(500).String(string.Empty).String("consumer")
                .Array(["range"], (w, name) => w.String(name).Bytes(Subscription(produceTopic)))),
            Seed("SyncGroup v0", 14, 0, new WireWriter()
                .String(group).Int32(1).String("fuzz-member").Array(Array.Empty<int>(), (_, _) => { })),
            Seed("Heartbeat v0", 12, 0, new WireWriter().String(group).Int32(1).String("fuzz-member")),
            Seed("LeaveGroup v0", 13, 0, new WireWriter().String(group).String("fuzz-member")),
            Seed("OffsetCommit v2", 8, 2, new WireWriter()
                .String(group).Int32(-1).String(string.Empty).Int64(-1)
                .Array([produceTopic], (w, t) => w.String(t).Array([0], (pw, p) => pw.Int32(p).Int64(1).String("fuzz")))),
            Seed("OffsetFetch v1", 9, 1, new WireWriter()
                .String(group).Array([produceTopic], (w, t) => w.String(t).Array([0, 1], (pw, p) => pw.Int32(p)))),
            Seed("DescribeGroups v0", 15, 0, new WireWriter().Array([group], (w, g) => w.String(g))),
            Seed("ListGroups v0", 16, 0, new WireWriter()),
            Seed("InitProducerId v0", 22, 0, new WireWriter().String(null).Int32(60000)),
            Seed("CreateTopics v0", 19, 0, new WireWriter()
                .Array(["fuzz-created"], (w, t) => w.String(t).Int32(2).Int16(1).Int32(0).Int32(0)).Int32(5000)),
            Seed("DeleteTopics v0", 20, 0, new WireWriter().Array(["fuzz-created"], (w, t) => w.String(t)).Int32(5000)),
        };
        seeds.Add(Produce("Produce v3", 3, produceTopic, 0, acks: 1));
        seeds.Add(Produce("Produce v7 acks=all", 7, produceTopic, 1, acks: -1));
        seeds.Add(Produce("Produce v8 acks=0", 8, produceTopic, 0, acks: 0));
        return seeds;
    }

    /// <summary>A Produce request carrying one batch of three keyed records; BatchOffset locates the batch in the frame.</summary>
    public static RequestSeed Produce(string name, short version, string topic, int partition, short acks, byte[]? batch = null, int correlationId = CorrelationId)
    {
        batch ??= RecordBatchBuilder.Build([("fk1", "fuzz-1"), ("fk2", "fuzz-2"), ("fk1", "fuzz-3")]);
        var body = new WireWriter()
            .String(null).Int16(acks).Int32(5000)
            .Int32(1).String(topic)
            .Int32(1).Int32(partition)
            .Int32(batch.Length);
        var batchOffsetInBody = body.Length;
        body.Raw(batch);
        var frame = WireWriter.Frame(0, version, correlationId, body.ToArray());
        return new RequestSeed(name, 0, version, frame, frame.Length - body.Length + batchOffsetInBody);
    }

    private static RequestSeed Seed(string name, short apiKey, short version, WireWriter body, bool flexible = false) =>
        new(name, apiKey, version, WireWriter.Frame(apiKey, version, CorrelationId, body.ToArray(), flexible));

    private static byte[] Subscription(string topic) =>
        new WireWriter().Int16(0).Array([topic], (w, t) => w.String(t)).Bytes(null).ToArray();
}
