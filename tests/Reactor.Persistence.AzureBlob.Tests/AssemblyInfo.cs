// The Kafka-fed cluster tests start their own broker, Azurite and Orleans cluster; on a 2-core CI machine running
// them beside other tests starves cluster membership and lease renewals, so test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
