using BulkRefunds.Dispatch;
using BulkRefunds.Host;
using BulkRefunds.Inbox;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace BulkRefunds.Tests.Inbox;

/// <summary>
/// One test's inbox: the real app (fresh database, Hangfire server, simulator) and drop-folder jobs built from its
/// services on a clock the test chooses. Dropped files get a known last-write time, <see cref="Dropped"/>.
/// </summary>
public sealed class InboxHarness : IAsyncDisposable
{
    private readonly TempFolder inbox = new();
    private readonly TempFolder reports;

    private InboxHarness(Simulator simulator, AppHost app, TempFolder reports)
    {
        this.reports = reports;
        Simulator = simulator;
        App = app;
        Jobs = new RecordingJobClient(app.Services.GetRequiredService<IBackgroundJobClient>());
    }

    public Simulator Simulator { get; }

    public AppHost App { get; }

    public RecordingJobClient Jobs { get; }

    public string Inbox => inbox.Path;

    public DateTimeOffset Dropped { get; } = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());

    public static async Task<InboxHarness> StartAsync(PostgresFixture postgres)
    {
        var simulator = await Simulator.StartAsync();
        var reports = new TempFolder();
        return new InboxHarness(simulator, await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("inbox"), simulator, reports.Path), reports);
    }

    public string Drop(string name, string contents)
    {
        var path = inbox.File(name, contents);
        File.SetLastWriteTimeUtc(path, Dropped.UtcDateTime);
        return path;
    }

    /// <summary>A clock this many seconds after the files were dropped.</summary>
    public FakeTimeProvider After(int seconds) => new(Dropped.AddSeconds(seconds));

    public DropFolderJob Job(TimeProvider clock, bool requireApproval = false, bool fourEyes = true) => new(
        new DropFolder(Options.Create(new DropFolderOptions { Path = Inbox, StableSeconds = 5 }), clock, NullLogger<DropFolder>.Instance),
        App.Services.GetRequiredService<ManifestImporter>(), new DispatchQueue(Jobs),
        Options.Create(new ApprovalOptions { RequiredForDropFolder = requireApproval, FourEyes = fourEyes }), NullLogger<DropFolderJob>.Instance);

    /// <summary>Names of the files (and links) in a subfolder of the inbox ("" for the inbox itself), sorted; none when it is missing.</summary>
    public IReadOnlyList<string> Entries(string folder)
    {
        var directory = new DirectoryInfo(Path.Combine(Inbox, folder));
        return directory.Exists
            ? directory.EnumerateFileSystemInfos().Where(entry => !entry.Attributes.HasFlag(FileAttributes.Directory) || entry.LinkTarget is not null)
                .Select(entry => entry.Name).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>The claim folders in <c>.processing/</c>; none once every claim is finished.</summary>
    public IReadOnlyList<string> ClaimFolders()
    {
        var processing = new DirectoryInfo(Path.Combine(Inbox, ".processing"));
        return processing.Exists ? processing.EnumerateDirectories().Select(folder => folder.Name).Order(StringComparer.Ordinal).ToList() : [];
    }

    public string Read(string folder, string name) => File.ReadAllText(Path.Combine(Inbox, folder, name));

    /// <summary>The manifests the drop folder asked dispatch for, in order.</summary>
    public IReadOnlyList<Guid> DispatchesEnqueued() => Jobs.Created
        .Where(job => job.Type == typeof(DispatchManifestJob) && job.Method.Name == nameof(DispatchManifestJob.RunAsync))
        .Select(job => (Guid)job.Args[0]).ToList();

    public async Task<IReadOnlyList<ManifestRecord>> ManifestsAsync()
    {
        await using var connection = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        return (await connection.QueryAsync<ManifestRecord>(
            $"{ManifestStore.SelectColumns} ORDER BY uploaded_at")).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
        inbox.Dispose();
        reports.Dispose();
    }
}
