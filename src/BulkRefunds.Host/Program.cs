using BulkRefunds.Host.Cli;

// bulkrefunds run | import-free verbs | serve — see Cli/CommandLine.cs for the table of verbs.
return await CommandLine.RunAsync(args);
