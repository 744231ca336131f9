namespace BulkRefunds.Host.EmbeddedPostgres;

/// <summary>How a <see cref="LocalPostgresCluster"/> runs its server.</summary>
/// <param name="Durable">
/// False turns off fsync, synchronous_commit and full_page_writes: much faster, but a crash can corrupt the
/// cluster — only for throwaway test clusters, never for the product's own data.
/// </param>
/// <param name="KeepRunning">
/// True leaves a server this instance started running after dispose, so the next start reuses it.
/// </param>
public sealed record LocalPostgresOptions(bool Durable = true, bool KeepRunning = false);
