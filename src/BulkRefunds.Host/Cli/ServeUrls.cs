using System.Globalization;
using BulkRefunds.Host.Web.Security;

namespace BulkRefunds.Host.Cli;

/// <summary>
/// Where <c>serve</c> listens, read the way ASP.NET Core reads it (<c>Kestrel:Endpoints</c> first, then <c>--urls</c> /
/// <c>ASPNETCORE_URLS</c>, then <c>ASPNETCORE_HTTP_PORTS</c> / <c>HTTPS_PORTS</c>, then our <c>Serve:Urls</c>), and beyond
/// this machine only once someone has to authenticate.
/// </summary>
public static class ServeUrls
{
    public const string Default = "http://127.0.0.1:5080";

    /// <summary>The setting that names <c>serve</c>'s addresses for <c>Serve:Urls</c>; Kestrel itself reads the others.</summary>
    public const string ServeSetting = "Serve:Urls";

    /// <summary>The addresses Kestrel will listen on and the setting that named them.</summary>
    public static (IReadOnlyList<string> Urls, string Setting) Resolve(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"]).OfType<string>().ToList();
        if (endpoints.Count > 0)
        {
            return (endpoints, "Kestrel:Endpoints");
        }

        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return (Split(urls), "--urls / ASPNETCORE_URLS");
        }

        // What the official container images set (ASPNETCORE_HTTP_PORTS=8080): every address of the machine.
        var ports = Ports(configuration["http_ports"], "http").Concat(Ports(configuration["https_ports"], "https")).ToList();
        return ports.Count > 0
            ? (ports, "ASPNETCORE_HTTP_PORTS / ASPNETCORE_HTTPS_PORTS")
            : (Split(configuration[ServeSetting] ?? Default), ServeSetting);
    }

    /// <summary>The reason the addresses are refused, or null.</summary>
    public static string? Check(IReadOnlyList<string> urls, string setting, SecurityOptions security)
    {
        var remote = security.IsAuthenticationConfigured ? null : urls.FirstOrDefault(url => !IsLoopback(url));
        return remote is null
            ? null
            : $"{setting} may name only loopback addresses until authentication is configured (Security:Users:<name> with a " +
                $"PasswordHash from `bulkrefunds hash-password`, or Security:Mode=ProxyHeader); got '{remote}'.";
    }

    private static List<string> Split(string urls) => [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(port => string.Create(CultureInfo.InvariantCulture, $"{scheme}://*:{port}"));

    // "http://*:80" and "http://+:80" do not parse as URIs: they are every address, not loopback.
    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "127.0.0.1");
}
