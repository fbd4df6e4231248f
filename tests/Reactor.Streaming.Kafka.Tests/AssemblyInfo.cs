// Each test starts its own broker and Orleans cluster; on a 2-core CI machine running them side by side starves
// cluster membership and makes failover tests flaky, so test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
