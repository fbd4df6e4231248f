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

        if (others.Any(p => p.HoldsUnexpired(resourceKey, DateTime.UtcNow)))
        {
            lock (_violations)
            {
                _violations.Add($"{resourceKey} was granted while another silo held it unexpired");
            }
        }
    }
}
