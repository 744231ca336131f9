using System.Diagnostics;
using System.Security.Cryptography;
using BulkRefunds.Audit;
using BulkRefunds.Klarna;
using BulkRefunds.Manifests;
using BulkRefunds.Notifications;
using BulkRefunds.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BulkRefunds.Staging;

/// <summary>
/// Stages a manifest file: its rows are parsed while streaming and written with binary COPY in one
/// transaction, so a crash mid-import leaves nothing half-staged. The same bytes twice are one manifest. The manifest
/// records the Klarna endpoint of each of its accounts as this process has it configured; rows of an account that is
/// not configured here are invalid ("account 'x' is not configured"), so every sendable row has one.
/// </summary>
public sealed class ManifestImporter(
    NpgsqlDataSource dataSource, ManifestStore manifests, ManifestReader reader, KlarnaAccounts accounts, IOptions<ManifestLimits> limits,
    ImportCalendar calendar, Notifier notifier, AuditTrail audit, TimeProvider timeProvider, BulkRefundsTelemetry telemetry, ILogger<ManifestImporter> logger)
{
    public Task<ImportResult> ImportAsync(string path, string uploadedBy, CancellationToken cancellationToken) =>
        ImportAsync(path, uploadedBy, new ImportOptions(), cancellationToken);

    public async Task<ImportResult> ImportAsync(string path, string uploadedBy, ImportOptions options, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new ManifestRejectedException($"The file '{path}' does not exist.");
        }

        if (file.Length > limits.Value.MaxFileBytes)
        {
            throw new ManifestRejectedException(
                $"The file is {file.Length / (1024 * 1024):N0} MB; the limit is {limits.Value.MaxFileBytes / (1024 * 1024):N0} MB. Split it into smaller files.");
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        if (await manifests.FindBySha256Async(sha256, cancellationToken) is { } existing)
        {
            return new ImportResult(existing, AlreadyImported: true, await manifests.CountByStateAsync(existing.ManifestId, cancellationToken));
        }

        stream.Position = 0;
        var manifest = new ManifestRecord(Guid.CreateVersion7(timeProvider.GetUtcNow()), options.FileName ?? file.Name, sha256, file.Length,
            timeProvider.GetUtcNow().UtcDateTime, uploadedBy, RowCount: 0, CompletedAt: null, ApprovalRequired: options.RequireApproval,
            ApprovalsRequired: options.ApprovalsRequired, AutoReleaseAfterDays: options.AutoReleaseAfterDays);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var (rows, rowsByState) = await StageRacingOtherDoorsAsync(manifest, stream, cancellationToken);
            telemetry.Imported(rows, Stopwatch.GetElapsedTime(started));
            logger.LogInformation("Staged manifest {ManifestId} ({FileName}): {RowCount} rows", manifest.ManifestId, manifest.FileName, rows);
            return new ImportResult(manifest with { RowCount = rows }, AlreadyImported: false, rowsByState);
        }
        catch (PostgresException exception) when (exception is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "manifest_sha256_key" })
        {
            // Another process imported the same bytes between our lookup and our insert: theirs is the manifest.
            var winner = await manifests.FindBySha256Async(sha256, cancellationToken)
                ?? throw new InvalidOperationException("Manifest vanished after a unique violation.", exception);
            return new ImportResult(winner, AlreadyImported: true, await manifests.CountByStateAsync(winner.ManifestId, cancellationToken));
        }
    }

    // Imports take turns (LockForImportAsync), but Cancel can hand a return to another manifest while we judge our rows.
    private Task<(int Rows, IReadOnlyDictionary<RowState, int> RowsByState)> StageRacingOtherDoorsAsync(ManifestRecord manifest, Stream stream, CancellationToken cancellationToken) =>
        ReturnInvariant.RetryRacesAsync(
            () =>
            {
                stream.Position = 0;
                return StageAsync(manifest, stream, cancellationToken);
            },
            () => logger.LogInformation("Manifest {ManifestId}: another door took a return while it was being staged; staging it again", manifest.ManifestId));

    private async Task<(int Rows, IReadOnlyDictionary<RowState, int> RowsByState)> StageAsync(ManifestRecord manifest, Stream stream, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Two imports at once must not both miss each other's rows when looking for duplicates.
        await ManifestStore.LockForImportAsync(connection, transaction, cancellationToken);
        await ManifestStore.InsertAsync(connection, transaction, manifest, cancellationToken);
        var today = calendar.Today();
        var copied = await RowCopyStore.CopyAsync(connection, manifest, reader.ReadAsync(stream, cancellationToken), today, cancellationToken);
        await ManifestStore.InsertAccountsAsync(connection, transaction, manifest.ManifestId,
            [.. copied.Accounts.Select(account => new AccountEndpoint(account, accounts.EndpointOf(account)))], cancellationToken);
        var rulesRan = await ImportRulesStore.ApplyAsync(connection, transaction, manifest.ManifestId, copied.HasLines, cancellationToken);
        // Counting a million rows costs a scan; the copy's own tally is exact unless a rule moved rows.
        var rowsByState = rulesRan
            ? await ManifestStore.CountByStateAsync(connection, transaction, manifest.ManifestId, cancellationToken)
            : copied.RowsByState;
        await ManifestStore.SetRowCountAsync(connection, transaction, manifest.ManifestId, copied.Rows, cancellationToken);
        // In the import's transaction: the event exists exactly when the manifest does.
        var awaiting = manifest.AwaitingApproval
            ? await notifier.RaiseAsync(connection, transaction, AwaitingApproval(manifest, copied.Rows, RowStateText.Keyed(rowsByState)), cancellationToken)
            : null;
        // The same bytes again stage nothing and record nothing (ImportAsync answers with the earlier manifest).
        await audit.RecordAsync(connection, transaction, new AuditEntry(AuditAct.Upload, manifest.UploadedBy, manifest.ManifestId, null,
            $"uploaded {manifest.FileName}: {copied.Rows} row(s){(manifest.AwaitingApproval ? ", awaiting approval" : "")}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await notifier.EnqueueAsync(awaiting, cancellationToken);
        return (copied.Rows, rowsByState);
    }

    private static NotificationEvent AwaitingApproval(ManifestRecord manifest, int rows, IReadOnlyDictionary<string, int> rowsByState) =>
        new(NotificationType.ManifestAwaitingApproval, manifest.ManifestId, Notifier.Data(new
        {
            manifest.FileName,
            manifest.UploadedBy,
            manifest.ApprovalsRequired,
            Rows = rows,
            RowsByState = new SortedDictionary<string, int>(rowsByState.ToDictionary(), StringComparer.Ordinal),
        }), $"manifest.awaiting_approval:{manifest.ManifestId:D}");
}
