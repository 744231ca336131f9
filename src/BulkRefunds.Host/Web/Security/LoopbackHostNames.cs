using Microsoft.AspNetCore.HostFiltering;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// Against DNS rebinding: while anonymous loopback requests are a local operator, ASP.NET Core's host filtering answers
/// 400 to any request whose Host is not a loopback name or one of the configured <c>AllowedHosts</c> (a <c>*</c> there
/// does not count). A page on evil.example whose name now points at 127.0.0.1 sends Host: evil.example.
/// </summary>
public static class LoopbackHostNames
{
    private static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]"];

    public static void Narrow(HostFilteringOptions hosts, SecurityOptions security)
    {
        if (security is { RequireLoginOnLoopback: false, Mode: SecurityMode.Users })
        {
            hosts.AllowedHosts = [.. hosts.AllowedHosts.Where(host => host != "*").Concat(Loopback).Distinct(StringComparer.OrdinalIgnoreCase)];
        }
    }
}
