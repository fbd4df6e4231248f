using Reactor.Streaming.Kafka.Encoding;

namespace Reactor.Streaming.Kafka.Tests.Encoding;

public sealed class Rfc3339Tests
{
    public static TheoryData<string, DateTimeOffset> Valid => new()
    {
        { "2025-01-31T08:15:00Z", new DateTimeOffset(2025, 1, 31, 8, 15, 0, TimeSpan.Zero) },
        { "2025-01-31t08:15:00z", new DateTimeOffset(2025, 1, 31, 8, 15, 0, TimeSpan.Zero) },
        { "2025-01-31T08:15:00.5Z", new DateTimeOffset(2025, 1, 31, 8, 15, 0, 500, TimeSpan.Zero) },
        { "2025-01-31T08:15:00.1234567Z", new DateTimeOffset(2025, 1, 31, 8, 15, 0, TimeSpan.Zero).AddTicks(1_234_567) },
        { "2025-01-31T08:15:00.123456789Z", new DateTimeOffset(2025, 1, 31, 8, 15, 0, TimeSpan.Zero).AddTicks(1_234_567) },
        { "2025-01-31T10:15:00+02:00", new DateTimeOffset(2025, 1, 31, 10, 15, 0, TimeSpan.FromHours(2)) },
        { "2025-01-31T03:45:00-04:30", new DateTimeOffset(2025, 1, 31, 3, 45, 0, new TimeSpan(-4, -30, 0)) },
        { "2024-02-29T00:00:00Z", new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_Rfc3339_GivesTheInstantAndOffset(string text, DateTimeOffset expected)
    {
        Assert.True(Rfc3339.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out var parsed));
        Assert.Equal(expected, parsed);
        Assert.Equal(expected.Offset, parsed.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2025-01-31")]
    [InlineData("2025-01-31T08:15:00")]
    [InlineData("2025-01-31T08:15Z")]
    [InlineData("2025-1-31T08:15:00Z")]
    [InlineData("2025-01-31T08:15:00ZZ")]
    [InlineData("2025-01-31T08:15:00+02")]
    [InlineData("2025-01-31T08:15:00+0200")]
    [InlineData("2025-01-31T08:15:00+15:00")]
    [InlineData("2025-01-31T08:15:60Z")]
    [InlineData("2025-01-31T08:60:00Z")]
    [InlineData("2025-00-31T08:15:00Z")]
    [InlineData("2023-02-29T08:15:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("2025-01-31T08:15:00.Z")]
    [InlineData("２０２５-01-31T08:15:00Z")]
    public void TryParse_NotRfc3339_Fails(string text)
    {
        Assert.False(Rfc3339.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out _));
    }
}
