// Silo and broker tests each start their own services; on a 2-core CI machine they run one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
