using BulkRefunds.Benchmarks;

// dotnet run -c Release --project tests/BulkRefunds.Benchmarks -- <benchmark> [options]; figures go to docs/benchmarks.md.
return args switch
{
    ["klarna", .. var rest] => await KlarnaClientBenchmark.RunAsync(Options.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: dotnet run -c Release --project tests/BulkRefunds.Benchmarks -- <benchmark> [--name value ...]
          klarna [--requests 20000] [--concurrency 32]   client overhead: refunds/s against a standalone simulator
                                                          (separate process, no added latency) and CPU per request
        """);
    return 1;
}
