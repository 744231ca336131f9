using BulkRefunds.Klarna;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Klarna;

/// <summary>Refusals from the simulator become Final failures carrying Klarna's error and nothing is applied.</summary>
public sealed class KlarnaClientRejectionTests : IAsyncLifetime
{
    private const string CapturedOrder = "7719051f-0b8c-5afc-a864-0c56fe04ef32"; // seed: CAPTURED, 9500 EUR

    private Simulator sim = null!;

    public async Task InitializeAsync() => sim = await Simulator.StartAsync();

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Fact]
    public async Task CreateRefundAsync_MoreThanCaptured_ReturnsFinal403RefundNotAllowed()
    {
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);

        var outcome = await accounts.Get(KlarnaTestAccounts.Account)
            .CreateRefundAsync(CapturedOrder, KlarnaTestAccounts.RefundJson(9501), Guid.NewGuid(), CancellationToken.None);

        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.Final, failure.Class);
        Assert.Equal(403, failure.HttpStatus);
        Assert.Equal("REFUND_NOT_ALLOWED", failure.Error.ErrorCode);
        Assert.Equal(["Over refund is not allowed. Refund not possible."], failure.Error.ErrorMessages);
        Assert.True(Guid.TryParse(failure.Error.CorrelationId, out _), $"Correlation id '{failure.Error.CorrelationId}' is not a GUID.");
        Assert.Null(failure.RetryAfter);
        Assert.Empty(await sim.LedgerAsync());
    }

    [Fact]
    public async Task CreateRefundAsync_UnknownOrder_ReturnsFinal404NoSuchOrder()
    {
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);
        const string unknown = "00000000-dead-4000-8000-000000000000";

        var outcome = await accounts.Get(KlarnaTestAccounts.Account)
            .CreateRefundAsync(unknown, KlarnaTestAccounts.RefundJson(100), Guid.NewGuid(), CancellationToken.None);

        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.Final, failure.Class);
        Assert.Equal(404, failure.HttpStatus);
        Assert.Equal("NO_SUCH_ORDER", failure.Error.ErrorCode);
        Assert.Contains(unknown, failure.Error.Message, StringComparison.Ordinal);
        Assert.True(Guid.TryParse(failure.Error.CorrelationId, out _), $"Correlation id '{failure.Error.CorrelationId}' is not a GUID.");
        Assert.Empty(await sim.LedgerAsync());
    }

    [Fact]
    public async Task CreateRefundAsync_WrongPassword_ReturnsFinal401NamingAccountWithoutSecretOrHtml()
    {
        const string wrongPassword = "not-the-secret-4711";
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress, password: wrongPassword);

        var outcome = await accounts.Get(KlarnaTestAccounts.Account)
            .CreateRefundAsync(CapturedOrder, KlarnaTestAccounts.RefundJson(100), Guid.NewGuid(), CancellationToken.None);

        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.Final, failure.Class);
        Assert.Equal(401, failure.HttpStatus);
        Assert.Equal("UNAUTHORIZED", failure.Error.ErrorCode);
        Assert.Contains($"'{KlarnaTestAccounts.Account}'", failure.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPassword, failure.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<", failure.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("openresty", failure.Error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(Guid.TryParse(failure.Error.CorrelationId, out _), $"Correlation id '{failure.Error.CorrelationId}' is not a GUID.");
        Assert.Empty(await sim.LedgerAsync());
    }
}
