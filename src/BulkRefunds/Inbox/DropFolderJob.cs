using BulkRefunds.Dispatch;
using BulkRefunds.Manifests;
using BulkRefunds.Staging;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Inbox;

/// <summary>
/// Recurring (<c>DropFolder:Cron</c>): imports the manifests finance or an ERP export dropped into the inbox and enqueues
/// their dispatch. Runs may overlap: each file is claimed by one run (see <see cref="DropFolder"/>), and the import
/// itself recognises the same bytes twice, so a file taken over after a crash is never staged twice.
/// </summary>
public sealed class DropFolderJob(
    DropFolder folder, ManifestImporter importer, DispatchQueue dispatch, IOptions<ApprovalOptions> approval, ILogger<DropFolderJob> logger)
{
    public const string RecurringJobId = "drop-folder";
    public const string UploadedBy = "drop-folder";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Drop folder: import manifests dropped into the inbox")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!folder.Enabled)
        {
            // A server without DropFolder:Path picked up a job registered by one with it; that server's next run reads the folder.
            logger.LogDebug("Drop folder is off on this server (DropFolder:Path is empty)");
            return;
        }

        foreach (var file in folder.ReclaimStale())
        {
            await ImportAsync(file, cancellationToken);
        }

        foreach (var listed in folder.ReadyFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (folder.TryClaim(listed) is { } file)
            {
                await ImportAsync(file, cancellationToken);
            }
        }
    }

    private async Task ImportAsync(ClaimedFile file, CancellationToken cancellationToken)
    {
        ImportResult import;
        try
        {
            import = await importer.ImportAsync(file.Path, UploadedBy, new ImportOptions(RequireApproval: approval.Value.RequiredForDropFolder,
                ApprovalsRequired: approval.Value.ApprovalsFor(uploadedBySignedInPerson: false)), cancellationToken);
        }
        catch (ManifestRejectedException rejected)
        {
            folder.Archive.MoveToRejected(file, DropFolderNotes.Rejected(file, rejected.Message));
            logger.LogWarning("Drop folder: {FileName} rejected: {Reason}", file.Name, rejected.Message);
            return;
        }
        catch
        {
            // Not the file's fault (database, cancellation): put it back so the retry or the next run takes it again.
            folder.Release(file);
            throw;
        }

        var manifestId = import.Manifest.ManifestId;
        if (import.AlreadyImported)
        {
            folder.Archive.MoveToProcessed(file, manifestId, DropFolderNotes.Duplicate(file.Name, import.Manifest));
            logger.LogInformation("Drop folder: {FileName} repeats manifest {ManifestId}; nothing new imported", file.Name, manifestId);
            return;
        }

        // A manifest awaiting approval is dispatched by the approval (Approval:RequiredForDropFolder).
        if (!import.Manifest.AwaitingApproval)
        {
            dispatch.Enqueue(manifestId);
        }

        folder.Archive.MoveToProcessed(file, manifestId, note: null);
        logger.LogInformation("Drop folder: {FileName} imported as manifest {ManifestId} with {RowCount} rows; {Next}",
            file.Name, manifestId, import.Manifest.RowCount, import.Manifest.AwaitingApproval ? "awaiting approval" : "dispatch enqueued");
    }
}
