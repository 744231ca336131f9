using System.Buffers;
using System.Globalization;
using BulkRefunds.Manifests;
using BulkRefunds.Reports;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// Receives the file part of a multipart upload straight into a temporary file beside the reports, counting bytes as
/// they arrive: a file over <see cref="ManifestLimits.MaxFileBytes"/> is refused as soon as the limit is passed, and
/// the form is never buffered in memory or by ASP.NET Core's form reader.
/// </summary>
public sealed class UploadReceiver(IOptions<ManifestLimits> limits, IOptions<ReportOptions> reports)
{
    /// <summary>Boundaries and part headers around the file: a few hundred bytes in practice, bounded generously.</summary>
    public const long MultipartOverheadBytes = 64 * 1024;

    public const string UploadsFolder = ".uploads";

    public async Task<SavedUpload> ReceiveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        // Kestrel's own cap (30 MB by default) is raised or lowered to ours, so it backs up the count below.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.Value.MaxFileBytes + MultipartOverheadBytes;
        }

        if (context.Request.ContentLength > limits.Value.MaxFileBytes + MultipartOverheadBytes)
        {
            return TooLarge();
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return SavedUpload.Refused(StatusCodes.Status415UnsupportedMediaType, "Send the manifest as a form upload (multipart/form-data) with one file field.");
        }

        try
        {
            var reader = new MultipartReader(boundary, context.Request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                {
                    var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    return await SaveAsync(section.Body, UploadFileName.Sanitise(name), cancellationToken);
                }
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (InvalidDataException)
        {
            // MultipartReader's word for a malformed body (a part header too long, a missing boundary).
            return SavedUpload.Refused(StatusCodes.Status400BadRequest, "The upload was not a well-formed form post; choose the file and send it again.");
        }

        return SavedUpload.Refused(StatusCodes.Status400BadRequest, "The upload has no file in it; choose a CSV manifest and send it again.");
    }

    private async Task<SavedUpload> SaveAsync(Stream body, string fileName, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetFullPath(reports.Value.Directory), UploadsFolder);
        OwnerOnlyFiles.CreateDirectory(folder);
        var path = Path.Combine(folder, Path.GetRandomFileName() + ".part");
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var saved = false;
        try
        {
            await using (var file = new FileStream(path, OwnerOnlyFiles.Create(FileMode.CreateNew)))
            {
                long total = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > limits.Value.MaxFileBytes)
                    {
                        return TooLarge();
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            saved = true;
            return SavedUpload.Saved(path, fileName);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!saved)
            {
                File.Delete(path);
            }
        }
    }

    private SavedUpload TooLarge() => SavedUpload.Refused(StatusCodes.Status413PayloadTooLarge,
        $"The file is larger than the limit of {Describe(limits.Value.MaxFileBytes)} for one manifest. Split it into smaller files.");

    private static string Describe(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024):N0} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");
}
