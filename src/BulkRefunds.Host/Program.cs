using BulkRefunds.Host.Cli;

// bulkrefunds run | validate | import | report | release-stale | serve | hash-password — declared in Cli/Verbs.cs.
return await CommandLine.RunAsync(args);
