using Reactor.Persistence.AzureBlob.Providers;
using Reactor.Persistence.AzureBlob.Tests.Contracts;
using Reactor.Persistence.AzureBlob.Tests.Support;
using static Reactor.TestInfrastructure.Persistence.DecisionRecords;

namespace Reactor.Persistence.AzureBlob.Tests;

[Collection(AzuriteCollection.Name)]
[Trait("Provider", "AzureBlob")]
[Trait("Suite", "DecisionLog")]
public sealed class AzureBlobDecisionLogTests(AzuriteFixture azurite)
{
    private const string EntityType = "CustomerGrain";

    private readonly string _container = AzuriteFixture.NewContainerName();

    [Fact]
    public async Task AppendAsync_ManyRecordsOfOneBucket_IsOneAppendBlock()
    {
        var log = AzureBlobDecisionLogContractTests.CreateFactory(azurite, _container)();
        var id = "customer-1";

        await log.AppendAsync(EntityType, id, [.. Enumerable.Range(0, 50).Select(i => Create(EntityType, id, i, T0.AddSeconds(i)))]);
        await log.AppendAsync(EntityType, id, [Create(EntityType, id, 50, T0.AddMinutes(5))]);

        var blobs = await ListAsync(AzureBlobDecisionLog.GetEntityPrefix(EntityType, id));
        var properties = (await log.Container.GetBlobClient(Assert.Single(blobs)).GetPropertiesAsync()).Value;
        Assert.Equal(2, properties.BlobCommittedBlockCount);
        Assert.Equal(51, (await log.ReadAsync(EntityType, id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Count);
    }

    [Fact]
    public async Task AppendAsync_RecordsOfSeveralBuckets_GoToOneBlobPerBucket_AndRangeReadsSpanThem()
    {
        var log = AzureBlobDecisionLogContractTests.CreateFactory(azurite, _container, TimeSpan.FromHours(1))();
        var id = "customer-2";

        await log.AppendAsync(EntityType, id, [.. Enumerable.Range(0, 6).Select(i => Create(EntityType, id, i, T0.AddMinutes(30 * i)))]);
        var middle = await log.ReadAsync(EntityType, id, T0.AddMinutes(45), T0.AddMinutes(121));

        Assert.Equal(
            ["20260101T120000Z.jsonl", "20260101T130000Z.jsonl", "20260101T140000Z.jsonl"],
            (await ListAsync(AzureBlobDecisionLog.GetEntityPrefix(EntityType, id))).Select(n => n[AzureBlobDecisionLog.GetEntityPrefix(EntityType, id).Length..]));
        Assert.Equal([2L, 3L, 4L], middle.Select(r => r.TriggerPosition.Offset));
    }

    private async Task<List<string>> ListAsync(string prefix)
    {
        var names = new List<string>();
        var container = azurite.Client.GetBlobContainerClient(_container);
        await foreach (var item in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(item.Name);
        }

        return names;
    }
}
