using BulkRefunds.Host.Web.Security;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>The Security section as bound and validated at start; failures name the setting, never the secret.</summary>
public sealed class SecurityOptionsTests
{
    [Fact]
    public void Bind_Defaults_AreUsersModeWithLoginOnLoopbackAndForwardedHeaders()
    {
        var options = Bind([]);

        Assert.Equal(SecurityMode.Users, options.Mode);
        Assert.True(options.RequireLoginOnLoopback);
        Assert.Equal("X-Forwarded-User", options.ProxyUserHeader);
        Assert.Equal("X-Forwarded-Roles", options.ProxyRolesHeader);
        Assert.False(options.IsAuthenticationConfigured);
    }

    [Fact]
    public void Bind_RepositoryAppSettings_StatesTheDefaults()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryPaths.Root, "appsettings.json")).Build();

        var options = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>();

        var defaults = new SecurityOptions();
        Assert.NotNull(options);
        Assert.Equal((defaults.Mode, defaults.RequireLoginOnLoopback, defaults.ProxyUserHeader, defaults.ProxyRolesHeader),
            (options.Mode, options.RequireLoginOnLoopback, options.ProxyUserHeader, options.ProxyRolesHeader));
        Assert.Equal((defaults.SignInAttemptsPerMinute, defaults.UploadsPerMinute), (options.SignInAttemptsPerMinute, options.UploadsPerMinute));
        Assert.Empty(options.Users);
    }

    [Fact]
    public void Bind_RolesAsArrayOrCommaList_BothGiveTheRoles()
    {
        var options = Bind(TestUsers.Settings());

        Assert.Equal([Roles.Viewer], Roles.Parse(options.Users[TestUsers.Viewer].Roles));
        Assert.Equal([Roles.Viewer, Roles.Operator], Roles.Parse(options.Users[TestUsers.Operator].Roles));
    }

    [Fact]
    public void Validate_PlainTextPassword_FailsWithoutEchoingIt()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["Security:Users:ann:Password"] = "hunter2-plain",
            ["Security:Users:ann:PasswordHash"] = "hunter2-plain",
            ["Security:Users:ann:Roles"] = "operator",
        }));

        Assert.Contains("Security:Users:ann:Password is not allowed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Security:Users:ann:PasswordHash is missing or is not a password hash", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownRole_Fails()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["Security:Users:ann:PasswordHash"] = PasswordHashes.Hash("pw"),
            ["Security:Users:ann:Roles"] = "viewer,admin",
        }));

        Assert.Contains("Security:Users:ann:Roles must be one or more of viewer, operator.", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("Drop-Folder")]
    [InlineData("release-sweep")]
    public void Validate_UserNamedLikeADoor_FailsSoFourEyesCannotMistakeThemForIt(string user)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            [$"Security:Users:{user}:PasswordHash"] = PasswordHashes.Hash("pw"),
            [$"Security:Users:{user}:Roles"] = "operator",
        }));

        Assert.Contains($"Security:Users:{user} uses a reserved name", failure.Message, StringComparison.Ordinal);
    }

    private static SecurityOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddWebSecurity(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<SecurityOptions>>().Value;
    }
}
