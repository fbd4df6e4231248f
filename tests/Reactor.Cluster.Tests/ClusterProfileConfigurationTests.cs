using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.LeaseProviders;
using Reactor.Host;

namespace Reactor.Cluster.Tests;

/// <summary>The production cluster profile (<c>Reactor:Cluster:Membership = Redis</c>) is built from configuration and refuses settings that cannot work.</summary>
public sealed class ClusterProfileConfigurationTests
{
    private static readonly Dictionary<string, string?> ValidRedisProfile = new()
    {
        ["Reactor:Cluster:Membership"] = "Redis",
        ["Reactor:Cluster:Redis:ConnectionString"] = "127.0.0.1:6379",
        ["Reactor:Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Reactor:Storage:Provider"] = "AzureBlob",
        ["Reactor:Storage:AzureBlob:ServiceUri"] = "https://account.blob.core.windows.net",
        ["Reactor:DevBroker:Enabled"] = "false",
        ["Reactor:Kafka:BootstrapServers"] = "kafka-0:9092",
    };

    [Theory]
    [InlineData("Reactor:Cluster:Redis:ConnectionString", null, "Reactor:Cluster:Redis:ConnectionString is required")]
    [InlineData("Reactor:Cluster:Redis:ConnectionString", "127.0.0.1:6379,notAnOption=1", "Reactor:Cluster:Redis:ConnectionString is not a valid Redis connection string")]
    [InlineData("Reactor:Cluster:Redis:ConnectionString", ",", "Reactor:Cluster:Redis:ConnectionString names no Redis endpoint")]
    [InlineData("Reactor:Storage:Provider", "LocalDisk", "Reactor:Cluster:Membership Redis needs Reactor:Storage:Provider AzureBlob")]
    [InlineData("Reactor:DevBroker:Enabled", "true", "Reactor:Cluster:Membership Redis needs Reactor:DevBroker:Enabled false")]
    [InlineData("Reactor:Cluster:AdvertisedAddress", "pod-0", "Reactor:Cluster:AdvertisedAddress must be an IP address")]
    [InlineData("Reactor:Cluster:PartitionLeaseLength", "00:05:00", "Reactor:Cluster:PartitionLeaseLength must be between 00:00:15 and 00:01:00")]
    [InlineData("Reactor:Cluster:ClusterId", " ", "Reactor:Cluster:ClusterId must be a non-empty name")]
    [InlineData("Reactor:Cluster:Membership", "Consul", "Reactor:Cluster:Membership")]
    public void Redis_profile_with_an_invalid_setting_fails_at_start_up_naming_it(string key, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>(ValidRedisProfile) { [key] = value };

        var ex = Assert.ThrowsAny<Exception>(() => Build(settings));

        Assert.True(ex is OptionsValidationException or InvalidOperationException, ex.ToString());
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubernetes_hosting_without_the_pod_environment_fails_naming_the_missing_variables()
    {
        var settings = new Dictionary<string, string?>(ValidRedisProfile) { ["Reactor:Cluster:Kubernetes:Enabled"] = "true" };

        var ex = Assert.Throws<OptionsValidationException>(() => Build(settings));

        Assert.Contains("Reactor:Cluster:Kubernetes:Enabled needs the pod environment POD_NAME, POD_NAMESPACE, POD_IP", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubernetes_hosting_needs_redis_membership()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Build(new() { ["Reactor:Cluster:Kubernetes:Enabled"] = "true" }));

        Assert.Contains("Reactor:Cluster:Kubernetes:Enabled needs Reactor:Cluster:Membership Redis", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redis_profile_uses_redis_membership_redis_reminders_and_blob_partition_leases()
    {
        using var host = Build(ValidRedisProfile);

        Assert.Equal("RedisMembershipTable", host.Services.GetRequiredService<IMembershipTable>().GetType().Name);
        Assert.Equal("RedisReminderTable", host.Services.GetRequiredService<IReminderTable>().GetType().Name);
        Assert.Equal("AzureBlobLeaseProvider", host.Services.GetRequiredService<ILeaseProvider>().GetType().Name);
        var cluster = host.Services.GetRequiredService<IOptions<Orleans.Configuration.ClusterOptions>>().Value;
        Assert.Equal(("reactor", "reactor"), (cluster.ServiceId, cluster.ClusterId));
    }

    [Fact]
    public void Default_profile_stays_a_localhost_silo_with_local_disk_reminders()
    {
        using var host = Build([]);

        Assert.DoesNotContain("Redis", host.Services.GetRequiredService<IReminderTable>().GetType().Name, StringComparison.Ordinal);
        Assert.Null(host.Services.GetService<ILeaseProvider>());
    }

    private static Microsoft.Extensions.Hosting.IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddReactorHost();
        return builder.Build();
    }
}
