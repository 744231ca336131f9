using Microsoft.Extensions.Options;

namespace BulkRefunds.Manifests;

/// <summary>Checks the Manifests section at start; each failure names the setting to change.</summary>
public sealed class ManifestLimitsValidator : IValidateOptions<ManifestLimits>
{
    public ValidateOptionsResult Validate(string? name, ManifestLimits options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
