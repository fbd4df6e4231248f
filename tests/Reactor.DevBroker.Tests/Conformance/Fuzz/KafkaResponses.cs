namespace Reactor.DevBroker.Tests.Conformance.Fuzz;

/// <summary>Parsers for the response bodies (after the correlation id) the bad-input tests check.</summary>
internal static class KafkaResponses
{
    /// <summary>ApiVersions v0: error code and the advertised (key, min, max) list.</summary>
    public static (short Error, List<(short Key, short Min, short Max)> Apis) ApiVersionsV0(byte[] body)
    {
        var r = new WireReader(body);
        var error = r.Int16();
        var apis = r.Array(a => (a.Int16(), a.Int16(), a.Int16()));
        return (error, apis);
    }

    /// <summary>Produce v3..v8: each partition's (error, baseOffset).</summary>
    public static List<(string? Topic, int Partition, short Error, long BaseOffset)> Produce(byte[] body, short version)
    {
        var r = new WireReader(body);
        var result = new List<(string?, int, short, long)>();
        foreach (var topic in r.Array(t => (Name: t.String(), Partitions: t.Array(p => ReadProducePartition(p, version)))))
        {
            result.AddRange(topic.Partitions.Select(p => (topic.Name, p.Partition, p.Error, p.BaseOffset)));
        }
        return result;
    }

    /// <summary>ListOffsets v1: each partition's (error, offset).</summary>
    public static List<(int Partition, short Error, long Offset)> ListOffsetsV1(byte[] body)
    {
        var r = new WireReader(body);
        return r.Array(t =>
        {
            t.String();
            return t.Array(p =>
            {
                var partition = p.Int32();
                var error = p.Int16();
                p.Int64();
                return (partition, error, p.Int64());
            });
        }).SelectMany(x => x).ToList();
    }

    /// <summary>CreateTopics v0: each topic's (name, error).</summary>
    public static List<(string? Name, short Error)> CreateTopicsV0(byte[] body) =>
        new WireReader(body).Array(t => (t.String(), t.Int16()));

    /// <summary>Metadata v1..v4: each topic's (name, error).</summary>
    public static List<(string? Name, short Error)> MetadataTopics(byte[] body, short version)
    {
        var r = new WireReader(body);
        if (version >= 3)
        {
            r.Int32();
        }
        r.Array(b =>
        {
            b.Int32();
            b.String();
            b.Int32();
            b.String();
            return 0;
        });
        if (version >= 2)
        {
            r.String();
        }
        r.Int32();
        return r.Array(t =>
        {
            var error = t.Int16();
            var name = t.String();
            t.Int8();
            t.Array(p =>
            {
                p.Int16();
                p.Int32();
                p.Int32();
                p.Array(x => x.Int32());
                p.Array(x => x.Int32());
                return 0;
            });
            return (name, error);
        });
    }

    private static (int Partition, short Error, long BaseOffset) ReadProducePartition(WireReader p, short version)
    {
        var partition = p.Int32();
        var error = p.Int16();
        var baseOffset = p.Int64();
        p.Int64();
        if (version >= 5)
        {
            p.Int64();
        }
        if (version >= 8)
        {
            p.Array(e =>
            {
                e.Int32();
                e.String();
                return 0;
            });
            p.String();
        }
        return (partition, error, baseOffset);
    }
}
