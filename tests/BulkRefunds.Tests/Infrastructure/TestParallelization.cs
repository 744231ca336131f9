// Collections run one after another. Hangfire keeps process-wide state (GlobalConfiguration's log provider points at the
// newest host's LoggerFactory): a browser-collection host disposed while a postgres-collection host is working left the
// latter resolving Hangfire's client through a disposed factory (seen in the exactly-once property test). Production runs
// one host per process; the tests build hundreds, so they must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
