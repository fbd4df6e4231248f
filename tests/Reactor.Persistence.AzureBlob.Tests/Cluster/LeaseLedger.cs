namespace Reactor.Persistence.AzureBlob.Tests.Cluster;

/// <summary>The lease providers of one test's silos, and every violation of "one holder per lease" seen.</summary>
internal sealed class LeaseLedger
{
    private readonly List<RecordingLeaseProvider> _providers = [];
    private readonly List<string> _violations = [];

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_violations)
            {
                return [.. _violations];
            }
        }
    }

    public RecordingLeaseProvider Register(RecordingLeaseProvider provider)
    {
        lock (_providers)
        {
            _providers.Add(provider);
        }

        return provider;
    }

    public void CheckExclusive(RecordingLeaseProvider grantee, string resourceKey)
    {
        List<RecordingLeaseProvider> others;
        lock (_providers)
        {
            others = [.. _providers.Where(p => !ReferenceEquals(p, grantee))];
        }

        var now = DateTime.UtcNow;
        foreach (var held in others.Select(p => p.HeldUnexpired(resourceKey, now)).OfType<Orleans.LeaseProviders.AcquiredLease>())
        {
            lock (_violations)
            {
                _violations.Add($"{resourceKey} was granted at {now:HH:mm:ss.fff} while another silo held it since {held.StartTimeUtc:HH:mm:ss.fff} for {held.Duration.TotalSeconds} s");
            }
        }
    }
}
