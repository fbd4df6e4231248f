using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.LeaseProviders;
using Reactor.Persistence.AzureBlob.Providers;
using Reactor.Persistence.AzureBlob.Tests.Support;
using Reactor.TestInfrastructure;

namespace Reactor.Persistence.AzureBlob.Tests.Leases;

[Collection(AzuriteCollection.Name)]
[Trait("Provider", "AzureBlob")]
[Trait("Suite", "Leases")]
public sealed class AzureBlobLeaseProviderTests(AzuriteFixture azurite)
{
    private const string Category = "QueueBalancer";
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(30);

    private readonly string _container = AzuriteFixture.NewContainerName();

    [Fact]
    public async Task Acquire_FreeResources_GrantsEachWithItsOwnToken()
    {
        var results = await NewProvider().Acquire(Category, [new LeaseRequest("partition-0", Length), new LeaseRequest("partition-1", Length)]);

        Assert.All(results, r => Assert.Equal(ResponseCode.OK, r.StatusCode));
        Assert.Equal(["partition-0", "partition-1"], results.Select(r => r.AcquiredLease!.ResourceKey));
        Assert.Equal(Length, results[0].AcquiredLease!.Duration);
        Assert.NotEqual(results[0].AcquiredLease!.Token, results[1].AcquiredLease!.Token);
    }

    [Fact]
    public async Task Acquire_HeldByAnotherOwner_IsLeaseNotAvailable()
    {
        var first = await NewProvider().Acquire(Category, [new LeaseRequest("partition-0", Length)]);

        var second = await NewProvider().Acquire(Category, [new LeaseRequest("partition-0", Length)]);

        Assert.Equal(ResponseCode.OK, first[0].StatusCode);
        Assert.Equal(ResponseCode.LeaseNotAvailable, second[0].StatusCode);
        Assert.Equal("partition-0", second[0].AcquiredLease!.ResourceKey);
    }

    [Fact]
    public async Task Acquire_ManyOwnersAtOnce_ExactlyOneHoldsEachResource()
    {
        for (var round = 0; round < 5; round++)
        {
            var key = $"partition-{round}";
            var owners = Enumerable.Range(0, 6).Select(_ => NewProvider()).ToList();

            var results = await Task.WhenAll(owners.Select(o => Task.Run(() => o.Acquire(Category, [new LeaseRequest(key, Length)]))));

            Assert.Single(results, r => r[0].StatusCode == ResponseCode.OK);
            Assert.All(results.Where(r => r[0].StatusCode != ResponseCode.OK), r => Assert.Equal(ResponseCode.LeaseNotAvailable, r[0].StatusCode));
        }
    }

    [Fact]
    public async Task Renew_ByHolder_Succeeds_AndByAnotherToken_IsInvalidToken()
    {
        var provider = NewProvider();
        var held = (await provider.Acquire(Category, [new LeaseRequest("partition-0", Length)]))[0].AcquiredLease!;

        var renewed = await provider.Renew(Category, [held]);
        var forged = await NewProvider().Renew(Category, [new AcquiredLease("partition-0", Length, Guid.NewGuid().ToString(), DateTime.UtcNow)]);

        Assert.Equal(ResponseCode.OK, renewed[0].StatusCode);
        Assert.Equal(held.Token, renewed[0].AcquiredLease!.Token);
        Assert.True(renewed[0].AcquiredLease!.StartTimeUtc >= held.StartTimeUtc);
        Assert.Equal(ResponseCode.InvalidToken, forged[0].StatusCode);
    }

    [Fact]
    public async Task Release_LetsAnotherOwnerAcquire_AndTheOldTokenNoLongerRenews()
    {
        var first = NewProvider();
        var held = (await first.Acquire(Category, [new LeaseRequest("partition-0", Length)]))[0].AcquiredLease!;

        var released = await first.ReleaseLeasesAsync(Category, [held]);
        var second = await NewProvider().Acquire(Category, [new LeaseRequest("partition-0", Length)]);
        var staleRenew = await first.Renew(Category, [held]);
        var staleRelease = await first.ReleaseLeasesAsync(Category, [held]);

        Assert.Equal(ResponseCode.OK, released[0]);
        Assert.Equal(ResponseCode.OK, second[0].StatusCode);
        Assert.Equal(ResponseCode.InvalidToken, staleRenew[0].StatusCode);
        Assert.Equal(ResponseCode.InvalidToken, staleRelease[0]);
    }

    [Fact]
    public async Task Acquire_AfterTheHolderStopsRenewing_GoesToTheNextOwnerOnlyOnceExpired()
    {
        var first = NewProvider();
        var held = (await first.Acquire(Category, [new LeaseRequest("partition-0", TimeSpan.FromSeconds(15))]))[0].AcquiredLease!;
        var second = NewProvider();
        AcquireLeaseResult? taken = null;

        await Eventually.Until("the unrenewed lease to expire and go to the second owner", async () =>
        {
            var result = (await second.Acquire(Category, [new LeaseRequest("partition-0", Length)]))[0];
            if (result.StatusCode == ResponseCode.OK)
            {
                taken = result;
                return true;
            }

            Assert.Equal(ResponseCode.LeaseNotAvailable, result.StatusCode);
            return false;
        });

        Assert.True(DateTime.UtcNow - held.StartTimeUtc >= TimeSpan.FromSeconds(15));
        Assert.Equal(ResponseCode.InvalidToken, (await first.Renew(Category, [held]))[0].StatusCode);
        Assert.Equal(ResponseCode.OK, (await second.Renew(Category, [taken!.AcquiredLease!]))[0].StatusCode);
    }

    [Fact]
    public async Task Acquire_LongerThanAzureAllows_FailsNamingTheSetting()
    {
        var result = (await NewProvider().Acquire(Category, [new LeaseRequest("partition-0", TimeSpan.FromMinutes(2))]))[0];

        Assert.NotEqual(ResponseCode.OK, result.StatusCode);
        Assert.Contains("LeaseLength", result.FailureException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acquire_ShorterThanAzureAllows_IsGrantedTheMinimum()
    {
        var result = (await NewProvider().Acquire(Category, [new LeaseRequest("partition-0", TimeSpan.FromSeconds(5))]))[0];

        Assert.Equal(ResponseCode.OK, result.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(15), result.AcquiredLease!.Duration);
    }

    private AzureBlobLeaseProvider NewProvider() =>
        new(
            Options.Create(new AzureBlobLeaseProviderOptions { BlobServiceClient = azurite.Client, ContainerName = _container }),
            new ServiceCollection().BuildServiceProvider(),
            NullLogger<AzureBlobLeaseProvider>.Instance);
}
