using Microsoft.Extensions.Options;

namespace BulkRefunds.Klarna;

/// <summary>
/// Every account's Klarna is reached over https: its credentials travel in each request. Plain http is allowed only to
/// this machine (the simulator, a local stand-in); <c>simulator</c> and the region names are https or local already.
/// </summary>
public sealed class KlarnaOptionsValidator : IValidateOptions<KlarnaOptions>
{
    public ValidateOptionsResult Validate(string? name, KlarnaOptions options)
    {
        var failures = options.Accounts.Where(account => !IsAllowed(account.Value.BaseUrl))
            .Select(account => $"Klarna:Accounts:{account.Key}:BaseUrl must be an https URL, a region name or 'simulator' " +
                $"(plain http only on loopback); got '{account.Value.BaseUrl}'.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAllowed(string baseUrl)
    {
        if (string.Equals(baseUrl, KlarnaOptions.SimulatorBaseUrl, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            var uri = KlarnaHosts.Resolve(baseUrl);
            return uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback;
        }
        catch (InvalidOperationException)
        {
            return false; // not a URL nor a region name: the same message names what is accepted
        }
    }
}
