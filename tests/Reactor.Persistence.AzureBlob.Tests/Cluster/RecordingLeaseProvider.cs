using Orleans.LeaseProviders;

namespace Reactor.Persistence.AzureBlob.Tests.Cluster;

/// <summary>
/// Wraps one silo's lease provider and records which leases that silo holds, checking on every grant, in a ledger
/// shared by the silos of one test, that no other silo holds the same lease unexpired.
/// </summary>
internal sealed class RecordingLeaseProvider(ILeaseProvider inner, LeaseLedger ledger) : ILeaseProvider
{
    private readonly Dictionary<string, AcquiredLease> _held = [];

    /// <summary>Gets the leases this silo holds now: granted or renewed, not released, not expired.</summary>
    public IReadOnlyCollection<string> Held
    {
        get
        {
            var now = DateTime.UtcNow;
            lock (_held)
            {
                return [.. _held.Where(h => h.Value.StartTimeUtc + h.Value.Duration > now).Select(h => h.Key)];
            }
        }
    }

    public async Task<AcquireLeaseResult[]> Acquire(string category, LeaseRequest[] leaseRequests)
    {
        var results = await inner.Acquire(category, leaseRequests);
        Record(results);
        return results;
    }

    public async Task<AcquireLeaseResult[]> Renew(string category, AcquiredLease[] aquiredLeases)
    {
        var results = await inner.Renew(category, aquiredLeases);
        lock (_held)
        {
            for (var i = 0; i < aquiredLeases.Length; i++)
            {
                if (results[i].StatusCode != ResponseCode.OK)
                {
                    _held.Remove(aquiredLeases[i].ResourceKey);
                }
            }
        }

        Record(results);
        return results;
    }

    public async Task Release(string category, AcquiredLease[] aquiredLeases)
    {
        // Forget first: once the release is sent the lease may be someone else's.
        lock (_held)
        {
            foreach (var lease in aquiredLeases)
            {
                _held.Remove(lease.ResourceKey);
            }
        }

        await inner.Release(category, aquiredLeases);
    }

    public AcquiredLease? HeldUnexpired(string resourceKey, DateTime now)
    {
        lock (_held)
        {
            return _held.TryGetValue(resourceKey, out var lease) && lease.StartTimeUtc + lease.Duration > now ? lease : null;
        }
    }

    private void Record(AcquireLeaseResult[] results)
    {
        foreach (var result in results.Where(r => r.StatusCode == ResponseCode.OK))
        {
            ledger.CheckExclusive(this, result.AcquiredLease!.ResourceKey);
            lock (_held)
            {
                _held[result.AcquiredLease.ResourceKey] = result.AcquiredLease;
            }
        }
    }
}
