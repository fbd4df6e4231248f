using Azure.Core;
using Azure.Core.Pipeline;

namespace Reactor.Benchmarks.AzureBlob;

/// <summary>Counts the HTTP requests a blob client sends, retries included (what the storage account bills).</summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
