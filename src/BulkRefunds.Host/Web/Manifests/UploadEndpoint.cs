using BulkRefunds.Dispatch;
using BulkRefunds.Host.Web.Security;
using BulkRefunds.Manifests;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// <c>POST /api/manifests</c>: stream the file to disk, stage it as the signed-in user's upload (held for approval when
/// <c>Approval:RequiredForWeb</c>), and answer with the manifest and its invalid rows. The temporary file never outlives the request.
/// An upload by the anonymous local operator is no signed-in person's: under four-eyes it needs two approvals, as the drop folder's.
/// </summary>
public static class UploadEndpoint
{
    public const int MaxProblemsShown = 100;

    public static async Task<IResult> HandleAsync(HttpContext context, UploadReceiver receiver, ManifestImporter importer,
        ManifestProblemsStore problems, IOptions<ApprovalOptions> approval, DispatchQueue dispatch, CancellationToken cancellationToken)
    {
        var upload = await receiver.ReceiveAsync(context, cancellationToken);
        if (upload.Path is null)
        {
            if (upload.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // The rest of the body is not read; the connection cannot be reused.
                context.Response.Headers.Connection = "close";
            }

            return ApiProblem.Of(upload.StatusCode, upload.Error!);
        }

        try
        {
            var result = await importer.ImportAsync(upload.Path, context.User.Identity!.Name!,
                new ImportOptions(RequireApproval: approval.Value.RequiredForWeb, FileName: upload.FileName,
                    ApprovalsRequired: approval.Value.ApprovalsFor(uploadedBySignedInPerson: !LoopbackAuthenticationHandler.IsLocalOperator(context.User))),
                cancellationToken);
            var manifestId = result.Manifest.ManifestId;
            if (!result.AlreadyImported && !result.Manifest.AwaitingApproval)
            {
                dispatch.Enqueue(manifestId);
            }

            var body = UploadResponse.From(result, await problems.ReadAsync(manifestId, MaxProblemsShown, cancellationToken));
            var location = ManifestLinks.For(manifestId, context.Request.PathBase).Self;
            // The same bytes again create nothing: the answer is the earlier manifest, 200 rather than 201.
            return result.AlreadyImported ? Results.Ok(body) : Results.Created(location, body);
        }
        catch (ManifestRejectedException rejected)
        {
            return ApiProblem.Of(StatusCodes.Status422UnprocessableEntity, rejected.Message);
        }
        finally
        {
            File.Delete(upload.Path);
        }
    }
}
