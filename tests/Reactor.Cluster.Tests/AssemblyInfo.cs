// The cluster proof runs three hosts, a broker, Azurite and Redis on two cores, and the image test publishes the
// host: side by side they would starve each other's membership probes. Test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
