using BulkRefunds.Dispatch;
using BulkRefunds.Host;
using BulkRefunds.Host.Cli;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Dispatch.Resolution;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Cli;

/// <summary><c>bulkrefunds resolve</c>: exactly one act per command line; refused under four-eyes; applied at once without it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ResolveVerbTests(PostgresFixture postgres)
{
    private const string Manifest = "0b0b0b0b-0000-4000-8000-000000000001";

    [Theory]
    [InlineData("resolve", Manifest, "--line", "2", "--refunded", "r-1", "--comment", "in the portal")]
    [InlineData("resolve", Manifest, "--line", "2", "--not-applied", "--comment", "not in the portal")]
    [InlineData("resolve", Manifest, "--line", "2", "--released", "--comment", "authorization gone")]
    [InlineData("resolve", Manifest, "--line", "2", "--confirm")]
    [InlineData("resolve", Manifest, "--line", "2", "--reject")]
    public void Parse_OneAct_IsAccepted(params string[] args) => Assert.Empty(Verbs.Create([]).Parse(args).Errors);

    [Theory]
    [InlineData("resolve", Manifest, "--line", "2", "--comment", "no act")]
    [InlineData("resolve", Manifest, "--line", "2", "--refunded", "r-1", "--not-applied", "--comment", "two acts")]
    [InlineData("resolve", Manifest, "--line", "2", "--confirm", "--reject")]
    [InlineData("resolve", Manifest, "--not-applied", "--comment", "no line")]
    [InlineData("resolve", Manifest, "--line", "two", "--confirm")]
    public void Parse_NoneOrSeveralActsOrNoLine_AreErrors(params string[] args) => Assert.NotEmpty(Verbs.Create([]).Parse(args).Errors);

    [Fact]
    public async Task Execute_WithoutFourEyes_AppliesAtOnceAsTheAccount_AndUnderFourEyesIsRefused()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var database = await postgres.CreateDatabaseAsync("cli_resolve");
        var settings = ReviewRows.Settings(fourEyes: false);
        await using var app = await TestApp.CreateWorkerAsync(database, simulator, folder.Path, settings);
        var review = await ReviewRows.DispatchAsync(app.Services, simulator, folder, false, false);
        string[] config = [$"--ConnectionStrings:BulkRefunds={database}", $"--Reports:Directory={folder.Path}",
            $"--Klarna:Accounts:default:BaseUrl={simulator.BaseAddress}", $"--Klarna:Accounts:default:Username={Simulator.Username}",
            $"--Klarna:Accounts:default:Password={Simulator.Password}"];
        var notApplied = new ResolveAct(ResolutionOutcome.NotApplied, null, Confirm: false, Reject: false);

        var underFourEyes = await ResolveCommand.ExecuteAsync(review.ManifestId, 2, notApplied, "Not in the portal",
            [.. config, "--Approval:FourEyes=true"], default);
        var noComment = await ResolveCommand.ExecuteAsync(review.ManifestId, 2, notApplied, null, [.. config, "--Approval:FourEyes=false"], default);
        var applied = await ResolveCommand.ExecuteAsync(review.ManifestId, 2, notApplied, "Not in the portal", [.. config, "--Approval:FourEyes=false"], default);
        var again = await ResolveCommand.ExecuteAsync(review.ManifestId, 2, notApplied, "Not in the portal", [.. config, "--Approval:FourEyes=false"], default);
        var noLine = await ResolveCommand.ExecuteAsync(review.ManifestId, 9, notApplied, "Not in the portal", [.. config, "--Approval:FourEyes=false"], default);

        Assert.Equal((ExitCodes.Fatal, ExitCodes.Usage, ExitCodes.Done, ExitCodes.Fatal, ExitCodes.Fatal), (underFourEyes, noComment, applied, again, noLine));
        var counts = await app.Services.GetRequiredService<ManifestStore>().CountByStateAsync(review.ManifestId, default);
        Assert.Equal((1, 1), (counts.GetValueOrDefault(RowState.Failed), counts.GetValueOrDefault(RowState.NeedsReview)));
        var report = ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(review.ManifestId, null, default));
        Assert.Contains($"Resolved by hand by cli:{Environment.UserName} on ", report[0]["note"], StringComparison.Ordinal);
    }
}
