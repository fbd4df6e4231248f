using Reactor.Persistence.LocalDisk.Providers;
using Xunit;

namespace Reactor.Persistence.LocalDisk.Tests;

[Trait("Provider", "LocalDisk")]
[Trait("Suite", "FileNames")]
public sealed class SafeFileNameTests
{
    [Theory]
    [InlineData("customer-42_v1.2", "customer-42_v1.2")]
    [InlineData("", "%")]
    [InlineData(".", "%2E")]
    [InlineData("..", "%2E.")]
    [InlineData(".hidden", "%2Ehidden")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a\\b", "a%5Cb")]
    [InlineData("100%", "100%25")]
    [InlineData("a~b", "a%7Eb")]
    [InlineData("é", "%C3%A9")]
    [InlineData("a b", "a%20b")]
    public void Escape_KeepsSafeCharactersAndPercentEscapesTheRest(string value, string expected)
    {
        Assert.Equal(expected, SafeFileName.Escape(value));
    }

    [Fact]
    public void Escape_LongName_IsTruncatedWithAHashSuffixAndStaysDistinct()
    {
        var a = SafeFileName.Escape(new string('x', 500) + "a");
        var b = SafeFileName.Escape(new string('x', 500) + "b");

        Assert.True(a.Length <= SafeFileName.MaxLength);
        Assert.Contains('~', a);
        Assert.NotEqual(a, b);
        Assert.Equal(a, SafeFileName.Escape(new string('x', 500) + "a"));
    }

    [Fact]
    public void Escape_LongEscapedName_NeverCutsAnEscapeSequence()
    {
        var name = SafeFileName.Escape(new string('é', 200));

        var prefix = name[..name.IndexOf('~', StringComparison.Ordinal)];
        Assert.Equal(0, prefix.Length % 3);
        Assert.Matches("^(%[0-9A-F]{2})+$", prefix);
    }

    [Fact]
    public void Escape_NameAtTheLimit_IsNotTruncated()
    {
        var value = new string('x', SafeFileName.MaxLength);

        Assert.Equal(value, SafeFileName.Escape(value));
        Assert.Contains('~', SafeFileName.Escape(value + "x"));
    }

    [Fact]
    public void Shard_IsTwoLowerCaseHexDigitsAndStable()
    {
        Assert.Matches("^[0-9a-f]{2}$", SafeFileName.Shard("customer-42"));
        Assert.Equal(SafeFileName.Shard("customer-42"), SafeFileName.Shard("customer-42"));
    }
}
