namespace Orleans.Configuration;

/// <summary>
/// Selects how the events of a Kafka topic are laid out in its records. Lives in <c>Orleans.Configuration</c> next to the
/// provider's options so configuring a topic needs no extra <c>using</c>.
/// </summary>
/// <remarks>
/// The CloudEvents modes follow the CloudEvents Kafka protocol binding 1.0. Whatever the format, the Kafka key, when
/// present, names the entity and must be UTF-8.
/// </remarks>
public enum KafkaEventFormat
{
    /// <summary>
    /// Decides per record. A <c>content-type</c> header starting with <c>application/cloudevents</c> means structured mode
    /// (the binding's own rule, checked first because a structured record may also carry <c>ce_</c> headers); else a
    /// <c>ce_specversion</c> header means binary mode; else a value that is a JSON object with a top-level
    /// <c>specversion</c> member means structured mode; else the value is plain JSON. Not valid for egress.
    /// </summary>
    Auto = 0,

    /// <summary>
    /// CloudEvents binary mode: the attributes are headers (<c>ce_id</c>, <c>ce_source</c>, <c>ce_specversion</c>,
    /// <c>ce_type</c>, <c>ce_subject</c>, <c>ce_time</c>, extensions as <c>ce_&lt;name&gt;</c>), the <c>content-type</c>
    /// header is <c>datacontenttype</c> and the value is the JSON payload. The default for egress.
    /// </summary>
    CloudEventsBinary = 1,

    /// <summary>
    /// CloudEvents structured mode: the value is the whole event as a CloudEvents JSON document
    /// (<c>content-type: application/cloudevents+json</c>).
    /// </summary>
    CloudEventsStructured = 2,

    /// <summary>
    /// Plain JSON: the value is the payload and the Kafka key is the entity id. The CloudEvents <c>type</c> is the type
    /// name configured for the topic, <c>id</c> is <c>{topic}-{partition}-{offset}</c>, <c>source</c> is
    /// <c>kafka://{topic}</c> and <c>time</c> is the Kafka timestamp. <c>ce_</c> headers are ignored.
    /// </summary>
    PlainJson = 3,
}
