using BulkRefunds.Benchmarks;

// dotnet run -c Release --project tests/BulkRefunds.Benchmarks -- <benchmark> [options]; figures go to docs/benchmarks.md.
return args switch
{
    ["klarna", .. var rest] => await KlarnaClientBenchmark.RunAsync(Options.Parse(rest)),
    ["import", .. var rest] => await ImportBenchmark.RunAsync(Options.Parse(rest)),
    ["import-counters", .. var rest] => await ImportBenchmark.CountersAsync(Options.Parse(rest)),
    ["dispatch", .. var rest] => await DispatchBenchmark.RunAsync(Options.Parse(rest)),
    ["status", .. var rest] => await StatusBenchmark.RunAsync(Options.Parse(rest)),
    ["settlements-fetch", .. var rest] => await SettlementsFetchBenchmark.RunAsync(Options.Parse(rest)),
    ["search", .. var rest] => await SearchBenchmark.RunAsync(Options.Parse(rest)),
    ["import-search-indexes", .. var rest] => await ImportBenchmark.SearchIndexesAsync(Options.Parse(rest)),
    ["settlements-match", .. var rest] => await SettlementsBenchmark.RunAsync(Options.Parse(rest)),
    ["settlements-ingest", .. var rest] => await SettlementsIngestBenchmark.RunAsync(Options.Parse(rest)),
    ["dispatch-worker", .. var rest] => await FleetWorker.RunAsync(rest),
    ["import-ours", var file, var connectionString] => await ImportBenchmark.OursAsync(file, connectionString),
    ["import-copy", var file, var connectionString] => await ImportBenchmark.CopyAsync(file, connectionString),
    ["import-parse", var file] => await ImportBenchmark.ParseOnlyAsync(file),
    ["import-landing", var file, var connectionString] => await ImportBenchmark.NarrowLandingAsync(file, connectionString),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: dotnet run -c Release --project tests/BulkRefunds.Benchmarks -- <benchmark> [--name value ...]
          klarna [--requests 20000] [--concurrency 32]   client overhead: refunds/s against a standalone simulator
                                                          (separate process, no added latency) and CPU per request
          import [--rows 1000000] [--small 100000]       staging vs PostgreSQL's COPY (FORMAT csv): time, CPU and
                                                          peak memory, also into an index-free manifest_row
          import-counters [--rows 1000000] [--runs 3]     the import with and without the counter triggers (sql/0020, sql/0022), alternating
          dispatch [--rows 20000] [--overhead-rows 100000] [--concurrency 64] [--batch n] [--preflight true|false]
                   [--only fidelity,headroom,overhead]
                                                          the real host (Hangfire) against a simulator process: rate
                                                          fidelity at 200/s, headroom at 1,000/s, jobs and statements per row
          dispatch --workers 1,2,4 [--rows 4000] [--cap 200] [--kill true]
                                                          worker processes on one database and one simulator (429 above
                                                          the cap): combined requests/s, 429s, budget statements/s
          status [--manifests 10] [--rows 1000000] [--requests 50] [--keep true]
                                                          imports N manifests of M rows into one database, then times the
                                                          Manifests page and GET /api/manifests[/{id}] (p50/p95/max)
          settlements-fetch [--transactions 1000000] [--days 30] [--budget 200] [--concurrency 1]
                                                          a month of payouts from a simulator process (429 above the
                                                          budget) through the Settlements client: requests/s, peak memory
          search [--manifests 10] [--rows 1000000]        loads N×M rows in SQL, then prints the plans (EXPLAIN ANALYZE) and
                                                          times of GET /api/rows' searches and the manifest page's keyset pages
          import-search-indexes [--rows 1000000] [--runs 3]
                                                          the import with and without sql/0024's indexes, alternating
          settlements-match [--transactions 1000000] [--payouts 30]
                                                          stages N/2 succeeded refunds, writes N settlement transactions
                                                          through the ingest store's batches, times matching and the
                                                          settlement report; peak memory
          settlements-ingest [--transactions 1000000] [--days 30] [--budget 200]
                                                          a month from a simulator process fetched AND stored by
                                                          SettlementIngest, then again: requests, 429s, peak memory
        """);
    return 1;
}
