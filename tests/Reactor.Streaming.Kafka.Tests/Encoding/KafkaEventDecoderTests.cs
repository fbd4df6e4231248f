using Confluent.Kafka;
using Orleans.Configuration;
using Reactor.Runtime.DeadLetters;
using Reactor.Streaming.Kafka.Encoding;
using static Reactor.Streaming.Kafka.Tests.Encoding.TestRecords;

namespace Reactor.Streaming.Kafka.Tests.Encoding;

public sealed class KafkaEventDecoderTests
{
    private readonly KafkaEventDecoder _decoder = Decoder();

    [Fact]
    public void Decode_Binary_MapsAttributesPositionTimeAndData()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("customer-7"), OrderData, BinaryHeaders(), KafkaEventFormat.CloudEventsBinary);

        Assert.True(result.IsValid, result.Detail);
        var envelope = result.Envelope;
        Assert.Equal("evt-1", envelope.Id);
        Assert.Equal("/shop/web", envelope.Source);
        Assert.Equal(OrderPlacedType, envelope.Type);
        Assert.Equal("customer-7", envelope.EntityId);
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 9, 0, 0, 500, TimeSpan.FromHours(1)), envelope.Time);
        Assert.Equal(Position, envelope.Position);
        Assert.Equal(KafkaTime, envelope.ReceivedAt);
        Assert.Equal(OrderData, envelope.Data.ToArray());
        Assert.Equal(Position, result.Position);
        Assert.Equal("evt-1", result.EventId);
        Assert.Equal(OrderPlacedType, result.EventType);
        Assert.Equal("customer-7", result.EntityId);
    }

    [Fact]
    public void Decode_Binary_DataIsTheRecordValueWithoutCopy()
    {
        var value = OrderData.ToArray();
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), value, BinaryHeaders(), KafkaEventFormat.CloudEventsBinary);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(result.Envelope!.Data, out var segment));
        Assert.Same(value, segment.Array);
    }

    [Fact]
    public void Decode_Binary_SourcesThatChangeFromRecordToRecord_AreEachRead()
    {
        // More distinct sources than the decoder remembers, revisited out of order.
        foreach (var i in new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 9, 4, 4, 10, 1 })
        {
            var headers = BinaryHeadersWithout("ce_source");
            headers.Add("ce_source", Utf8($"/shop/{i}"));

            var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);

            Assert.Equal($"/shop/{i}", result.Envelope!.Source);
        }
    }

    [Fact]
    public void Decode_Binary_WithoutKey_TakesEntityFromSubject()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, default, OrderData, BinaryHeaders(), KafkaEventFormat.CloudEventsBinary);

        Assert.Equal("customer-7", result.Envelope!.EntityId);
    }

    [Fact]
    public void Decode_Binary_KeyWinsOverSubject()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("customer-9"), OrderData, BinaryHeaders(), KafkaEventFormat.CloudEventsBinary);

        Assert.Equal("customer-9", result.Envelope!.EntityId);
    }

    [Fact]
    public void Decode_Binary_WithoutTime_LeavesTimeUnsetAndUsesKafkaTimeAsEffectiveTime()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, BinaryHeadersWithout("ce_time"), KafkaEventFormat.CloudEventsBinary);

        Assert.Null(result.Envelope!.Time);
        Assert.Equal(KafkaTime, result.Envelope.EffectiveTime);
    }

    [Fact]
    public void Decode_Binary_KeepsTraceContextContentTypeAndUserHeaders_DropsCoreAttributes()
    {
        var headers = BinaryHeaders(("traceparent", TraceParent), ("tracestate", "vendor=1"), ("ce_partitionkey", "p-1"), ("tenant", "acme"));

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);

        var kept = result.Envelope!.Headers;
        Assert.Equal(TraceParent, kept["traceparent"]);
        Assert.Equal("vendor=1", kept["tracestate"]);
        Assert.Equal("application/json", kept["content-type"]);
        Assert.Equal("p-1", kept["ce_partitionkey"]);
        Assert.Equal("acme", kept["tenant"]);
        Assert.DoesNotContain(kept.Keys, name => name is "ce_id" or "ce_source" or "ce_type" or "ce_specversion" or "ce_subject" or "ce_time");
    }

    [Fact]
    public void Decode_Binary_TracingExtensionHeader_BecomesTraceParent()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, BinaryHeaders(("ce_traceparent", TraceParent)), KafkaEventFormat.CloudEventsBinary);

        Assert.Equal(TraceParent, result.Envelope!.Headers["traceparent"]);
    }

    [Fact]
    public void Decode_Binary_TraceParentHeader_WinsOverTracingExtension()
    {
        var headers = BinaryHeaders(("ce_traceparent", "00-11111111111111111111111111111111-2222222222222222-01"), ("traceparent", TraceParent));

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);

        Assert.Equal(TraceParent, result.Envelope!.Headers["traceparent"]);
    }

    [Fact]
    public void Decode_Binary_RepeatedHeader_LastOneWins()
    {
        var headers = BinaryHeaders(("ce_id", "evt-2"));

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);

        Assert.Equal("evt-2", result.Envelope!.Id);
    }

    [Fact]
    public void Decode_Binary_NonUtf8UserHeader_IsLeftOutOfTheEnvelope()
    {
        var headers = BinaryHeaders();
        headers.Add("schema-id", [0xFF, 0x00, 0x12]);

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);

        Assert.True(result.IsValid, result.Detail);
        Assert.False(result.Envelope.Headers.ContainsKey("schema-id"));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/vnd.example.order+json")]
    [InlineData("text/json")]
    public void Decode_Binary_JsonContentTypes_AreAccepted(string contentType)
    {
        var headers = BinaryHeadersWithout("content-type");
        headers.Add("content-type", Utf8(contentType));

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(contentType, result.Envelope.Headers["content-type"]);
    }

    [Fact]
    public void Decode_Binary_WithoutContentType_IsTakenAsJson()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, BinaryHeadersWithout("content-type"), KafkaEventFormat.CloudEventsBinary);

        Assert.True(result.IsValid, result.Detail);
    }

    [Theory]
    [InlineData("ce_specversion")]
    [InlineData("ce_id")]
    [InlineData("ce_source")]
    [InlineData("ce_type")]
    public void Decode_Binary_MissingRequiredHeader_IsInvalidEnvelopeNamingIt(string header)
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, BinaryHeadersWithout(header), KafkaEventFormat.CloudEventsBinary);

        Assert.False(result.IsValid);
        Assert.Equal(DeadLetterReason.InvalidEnvelope, result.Reason);
        Assert.Contains(header, result.Detail, StringComparison.Ordinal);
        Assert.Contains("orders/3@42", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Binary_EmptyRequiredHeaders_AreAllNamed()
    {
        var headers = Headers(("ce_specversion", "1.0"), ("ce_id", ""), ("ce_source", "/s"));

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);

        Assert.Equal(DeadLetterReason.InvalidEnvelope, result.Reason);
        Assert.Contains("ce_id, ce_type", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.3")]
    [InlineData("1.0.1")]
    public void Decode_Binary_OtherSpecVersion_IsInvalidEnvelope(string version)
    {
        var headers = BinaryHeadersWithout("ce_specversion");
        headers.Add("ce_specversion", Utf8(version));

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);

        Assert.Equal(DeadLetterReason.InvalidEnvelope, result.Reason);
        Assert.Contains($"ce_specversion '{version}'", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2025-01-31")]
    [InlineData("2025-01-31T09:00:00")]
    [InlineData("2025-13-01T09:00:00Z")]
    [InlineData("2025-02-30T09:00:00Z")]
    [InlineData("2025-01-31T24:00:00Z")]
    [InlineData("2025-01-31 09:00:00Z")]
    [InlineData("2025-01-31T09:00:00.Z")]
    [InlineData("2025-01-31T09:00:00+1:00")]
    public void Decode_Binary_BadTime_IsInvalidEnvelopeQuotingIt(string time)
    {
        var headers = BinaryHeadersWithout("ce_time");
        headers.Add("ce_time", Utf8(time));

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);

        Assert.Equal(DeadLetterReason.InvalidEnvelope, result.Reason);
        Assert.Contains($"ce_time '{time}'", result.Detail, StringComparison.Ordinal);
        Assert.Equal("evt-1", result.EventId);
    }

    [Fact]
    public void Decode_Binary_UnknownType_IsRejectedWithIdTypeAndEntity()
    {
        var headers = BinaryHeadersWithout("ce_type");
        headers.Add("ce_type", Utf8("com.example.unknown"));

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("customer-7"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);

        Assert.Equal(DeadLetterReason.UnknownType, result.Reason);
        Assert.Equal("CloudEvents type 'com.example.unknown' is not registered.", result.Detail);
        Assert.Equal("evt-1", result.EventId);
        Assert.Equal("com.example.unknown", result.EventType);
        Assert.Equal("customer-7", result.EntityId);
    }

    [Fact]
    public void Decode_Binary_NoKeyNoSubject_IsMissingEntityId()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, default, OrderData, BinaryHeadersWithout("ce_subject"), KafkaEventFormat.CloudEventsBinary);

        Assert.Equal(DeadLetterReason.MissingEntityId, result.Reason);
        Assert.Contains("'evt-1'", result.Detail, StringComparison.Ordinal);
        Assert.Contains("ce_subject", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Binary_NonJsonContentType_IsUndecodablePayload()
    {
        var headers = BinaryHeadersWithout("content-type");
        headers.Add("content-type", Utf8("application/avro"));

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);

        Assert.Equal(DeadLetterReason.UndecodablePayload, result.Reason);
        Assert.Contains("application/avro", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ce_id")]
    [InlineData("ce_source")]
    [InlineData("ce_subject")]
    public void Decode_Binary_NonUtf8Attribute_IsInvalidEnvelopeNamingIt(string header)
    {
        var headers = BinaryHeadersWithout(header);
        headers.Add(header, [0xC3, 0x28]);

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);

        Assert.Equal(DeadLetterReason.InvalidEnvelope, result.Reason);
        Assert.Contains($"{header} header", result.Detail, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KafkaEventFormat.Auto)]
    [InlineData(KafkaEventFormat.CloudEventsBinary)]
    [InlineData(KafkaEventFormat.CloudEventsStructured)]
    [InlineData(KafkaEventFormat.PlainJson)]
    public void Decode_NullOrEmptyValue_IsInvalidEnvelopeInEveryFormat(KafkaEventFormat format)
    {
        foreach (var value in new byte[]?[] { null, [] })
        {
            var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), value, BinaryHeaders(), format, OrderPlacedType);

            Assert.Equal(DeadLetterReason.InvalidEnvelope, result.Reason);
            Assert.Contains("has no value", result.Detail, StringComparison.Ordinal);
            Assert.Equal(Position, result.Position);
        }
    }

    [Theory]
    [InlineData(KafkaEventFormat.Auto)]
    [InlineData(KafkaEventFormat.CloudEventsBinary)]
    [InlineData(KafkaEventFormat.CloudEventsStructured)]
    [InlineData(KafkaEventFormat.PlainJson)]
    public void Decode_NonUtf8Key_IsInvalidEnvelopeInEveryFormat(KafkaEventFormat format)
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, [0xFF, 0xFE, 0x41], OrderData, BinaryHeaders(), format, OrderPlacedType);

        Assert.Equal(DeadLetterReason.InvalidEnvelope, result.Reason);
        Assert.Contains("Kafka key", result.Detail, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8 (3 bytes)", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Structured_ValidatesThroughCloudEventDecoder()
    {
        var headers = Headers(("content-type", "application/cloudevents+json; charset=UTF-8"), ("traceparent", TraceParent), ("ce_id", "ignored"));

        var result = _decoder.Decode(Position, KafkaTimestamp, default, StructuredOrder(), headers, KafkaEventFormat.CloudEventsStructured);

        Assert.True(result.IsValid, result.Detail);
        var envelope = result.Envelope;
        Assert.Equal("evt-2", envelope.Id);
        Assert.Equal(OrderPlacedType, envelope.Type);
        Assert.Equal("customer-7", envelope.EntityId);
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 8, 0, 0, TimeSpan.Zero), envelope.Time);
        Assert.Equal(Position, envelope.Position);
        Assert.Equal(KafkaTime, envelope.ReceivedAt);
        Assert.Equal("""{"orderId":"o-2","amount":3}""", System.Text.Encoding.UTF8.GetString(envelope.Data.Span));
        Assert.Equal(TraceParent, envelope.Headers["traceparent"]);
        Assert.False(envelope.Headers.ContainsKey("content-type"));
        Assert.False(envelope.Headers.ContainsKey("ce_id"));
    }

    [Fact]
    public void Decode_Structured_KeyWinsOverSubject()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("customer-1"), StructuredOrder(), null, KafkaEventFormat.CloudEventsStructured);

        Assert.Equal("customer-1", result.Envelope!.EntityId);
    }

    [Fact]
    public void Decode_Structured_InvalidJson_IsInvalidEnvelope()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), Utf8("{\"specversion\": \"1.0\", "), null, KafkaEventFormat.CloudEventsStructured);

        Assert.Equal(DeadLetterReason.InvalidEnvelope, result.Reason);
        Assert.Contains("Not a valid CloudEvents 1.0 JSON document", result.Detail, StringComparison.Ordinal);
        Assert.Equal("k", result.EntityId);
    }

    [Fact]
    public void Decode_Structured_UnknownType_IsUnknownType()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, default, StructuredOrder(type: "com.example.unknown"), null, KafkaEventFormat.CloudEventsStructured);

        Assert.Equal(DeadLetterReason.UnknownType, result.Reason);
        Assert.Equal("CloudEvents type 'com.example.unknown' is not registered.", result.Detail);
    }

    [Fact]
    public void Decode_Structured_NoKeyNoSubject_IsMissingEntityId()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, default, StructuredOrder(subject: null), null, KafkaEventFormat.CloudEventsStructured);

        Assert.Equal(DeadLetterReason.MissingEntityId, result.Reason);
    }

    [Fact]
    public void Decode_Structured_OtherEventFormat_IsInvalidEnvelopeNamingIt()
    {
        var headers = Headers(("content-type", "application/cloudevents+avro"));

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), StructuredOrder(), headers, KafkaEventFormat.Auto);

        Assert.Equal(DeadLetterReason.InvalidEnvelope, result.Reason);
        Assert.Contains("application/cloudevents+avro", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Plain_NamesTheEventFromTheRecord()
    {
        var headers = Headers(("traceparent", TraceParent), ("content-type", "application/json"), ("ce_type", "ignored"));

        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("customer-7"), OrderData, headers, KafkaEventFormat.PlainJson, OrderPlacedType);

        Assert.True(result.IsValid, result.Detail);
        var envelope = result.Envelope;
        Assert.Equal("orders-3-42", envelope.Id);
        Assert.Equal("kafka://orders", envelope.Source);
        Assert.Equal(OrderPlacedType, envelope.Type);
        Assert.Equal("customer-7", envelope.EntityId);
        Assert.Equal(KafkaTime, envelope.Time);
        Assert.Equal(KafkaTime, envelope.ReceivedAt);
        Assert.Equal(Position, envelope.Position);
        Assert.Equal(OrderData, envelope.Data.ToArray());
        Assert.Equal(TraceParent, envelope.Headers["traceparent"]);
        Assert.Equal("application/json", envelope.Headers["content-type"]);
        Assert.False(envelope.Headers.ContainsKey("ce_type"));
    }

    [Fact]
    public void Decode_Plain_WithoutConfiguredType_IsInvalidEnvelopeNamingTheTopic()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, null, KafkaEventFormat.PlainJson, plainJsonType: null);

        Assert.Equal(DeadLetterReason.InvalidEnvelope, result.Reason);
        Assert.Contains("topic 'orders' has no event type configured", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Plain_UnregisteredConfiguredType_IsUnknownType()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, null, KafkaEventFormat.PlainJson, "com.example.unknown");

        Assert.Equal(DeadLetterReason.UnknownType, result.Reason);
        Assert.Contains("'com.example.unknown'", result.Detail, StringComparison.Ordinal);
        Assert.Contains("topic 'orders'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Plain_WithoutKey_IsMissingEntityId()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, default, OrderData, null, KafkaEventFormat.PlainJson, OrderPlacedType);

        Assert.Equal(DeadLetterReason.MissingEntityId, result.Reason);
        Assert.Contains("no Kafka key", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Plain_NonJsonContentType_IsUndecodablePayload()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, Headers(("content-type", "text/plain")), KafkaEventFormat.PlainJson, OrderPlacedType);

        Assert.Equal(DeadLetterReason.UndecodablePayload, result.Reason);
        Assert.Contains("text/plain", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_WithoutKafkaTimestamp_UsesTheClock()
    {
        var now = new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var decoder = Decoder(new FixedTimeProvider(now));

        var result = decoder.Decode(Position, Timestamp.Default, Utf8("k"), OrderData, null, KafkaEventFormat.PlainJson, OrderPlacedType);

        Assert.Equal(now, result.Envelope!.ReceivedAt);
        Assert.Null(result.Envelope.Time);
    }

    [Fact]
    public void Decode_ConsumeResult_MapsTopicPartitionOffsetAndParts()
    {
        var record = new ConsumeResult<byte[]?, byte[]?>
        {
            TopicPartitionOffset = new TopicPartitionOffset("payments", 5, 1_000_000_007),
            Message = new Message<byte[]?, byte[]?> { Key = Utf8("customer-7"), Value = OrderData, Headers = BinaryHeaders(), Timestamp = KafkaTimestamp },
        };

        var result = _decoder.Decode(record, KafkaEventFormat.Auto);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(new Reactor.Abstractions.LogPosition("payments", 5, 1_000_000_007), result.Envelope.Position);
        Assert.Equal("evt-1", result.Envelope.Id);
    }

    [Fact]
    public void Decode_ConsumeResults_OfOneTopic_ShareOneTopicName()
    {
        ConsumeResult<byte[]?, byte[]?> Record(long offset) => new()
        {
            // A new string per record, as the consumer returns them.
            TopicPartitionOffset = new TopicPartitionOffset(new string("payments".AsSpan()), 5, offset),
            Message = new Message<byte[]?, byte[]?> { Key = Utf8("customer-7"), Value = OrderData, Headers = BinaryHeaders(), Timestamp = KafkaTimestamp },
        };
        var first = Record(1);
        var second = Record(2);
        Assert.NotSame(first.Topic, second.Topic);

        var decodedFirst = _decoder.Decode(first, KafkaEventFormat.Auto).Envelope!;
        var decodedSecond = _decoder.Decode(second, KafkaEventFormat.Auto).Envelope!;

        Assert.Equal("payments", decodedSecond.Position.Topic);
        Assert.Same(decodedFirst.Position.Topic, decodedSecond.Position.Topic);
    }

    [Fact]
    public void Decode_PartitionEof_Throws()
    {
        var eof = new ConsumeResult<byte[]?, byte[]?> { TopicPartitionOffset = new TopicPartitionOffset("orders", 0, 7), IsPartitionEOF = true };

        var error = Assert.Throws<ArgumentException>(() => _decoder.Decode(eof, KafkaEventFormat.Auto));

        Assert.Contains("partition EOF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_CeSpecVersionHeader_IsBinary()
    {
        Assert.Equal(KafkaEventFormat.CloudEventsBinary, KafkaEventDecoder.Detect(OrderData, BinaryHeaders()));
    }

    [Fact]
    public void Detect_CloudEventsContentType_IsStructuredEvenWithCeHeaders()
    {
        var headers = BinaryHeadersWithout("content-type");
        headers.Add("Content-Type", Utf8("application/cloudevents+json"));

        Assert.Equal(KafkaEventFormat.CloudEventsStructured, KafkaEventDecoder.Detect(StructuredOrder(), headers));
    }

    [Fact]
    public void Detect_JsonObjectWithSpecVersionMember_IsStructured()
    {
        Assert.Equal(KafkaEventFormat.CloudEventsStructured, KafkaEventDecoder.Detect(StructuredOrder(), null));
    }

    [Theory]
    [InlineData("""{"orderId":"o-1","amount":12.5}""")]
    [InlineData("""{"orderId":"o-1","meta":{"specversion":"1.0"}}""")]
    [InlineData("""{"note":"\"specversion\" is a word"}""")]
    [InlineData("""[{"specversion":"1.0"}]""")]
    [InlineData("not json")]
    public void Detect_AnythingElse_IsPlainJson(string value)
    {
        Assert.Equal(KafkaEventFormat.PlainJson, KafkaEventDecoder.Detect(Utf8(value), Headers(("content-type", "application/json"))));
    }

    [Fact]
    public void Decode_Auto_DecodesEachLayout()
    {
        var binary = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, BinaryHeaders(), KafkaEventFormat.Auto, OrderPlacedType);
        var structured = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), StructuredOrder(), null, KafkaEventFormat.Auto, OrderPlacedType);
        var plain = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, null, KafkaEventFormat.Auto, CartClearedType);

        Assert.Equal("evt-1", binary.Envelope!.Id);
        Assert.Equal("evt-2", structured.Envelope!.Id);
        Assert.Equal(CartClearedType, plain.Envelope!.Type);
        Assert.Equal("orders-3-42", plain.Envelope.Id);
    }

    [Fact]
    public void Decode_Auto_PlainJsonWithoutConfiguredType_IsRejected()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, null, KafkaEventFormat.Auto);

        Assert.Equal(DeadLetterReason.InvalidEnvelope, result.Reason);
        Assert.Contains("is not a CloudEvent", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_UnknownFormat_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, null, (KafkaEventFormat)99));
    }

    [Fact]
    public void ToDeadLetter_KeepsPositionReasonIdsOriginalBytesAndHeaders()
    {
        var headers = BinaryHeadersWithout("ce_type");
        headers.Add("ce_type", Utf8("com.example.unknown"));
        headers.Add("binary", [0xFF]);
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("customer-7"), OrderData, headers, KafkaEventFormat.CloudEventsBinary);
        var at = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

        var deadLetter = result.ToDeadLetter(OrderData, headers, at);

        Assert.Equal(DeadLetterReason.UnknownType, deadLetter.Reason);
        Assert.Equal(result.Detail, deadLetter.Detail);
        Assert.Equal(Position, deadLetter.Position);
        Assert.Equal("evt-1", deadLetter.EventId);
        Assert.Equal("com.example.unknown", deadLetter.EventType);
        Assert.Equal("customer-7", deadLetter.EntityId);
        Assert.Equal(OrderData, deadLetter.OriginalBytes.ToArray());
        Assert.Equal("com.example.unknown", deadLetter.Headers["ce_type"]);
        Assert.Equal("evt-1", deadLetter.Headers["ce_id"]);
        Assert.False(deadLetter.Headers.ContainsKey("binary"));
        Assert.Equal(at, deadLetter.DeadLetteredAt);
    }

    [Fact]
    public void ToDeadLetter_OfValidResult_Throws()
    {
        var result = _decoder.Decode(Position, KafkaTimestamp, Utf8("k"), OrderData, BinaryHeaders(), KafkaEventFormat.CloudEventsBinary);

        Assert.Throws<InvalidOperationException>(() => result.ToDeadLetter(OrderData, null, DateTimeOffset.UnixEpoch));
    }
}
