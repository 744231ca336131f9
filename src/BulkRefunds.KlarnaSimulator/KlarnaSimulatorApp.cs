using BulkRefunds.KlarnaSimulator.Endpoints;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.KlarnaSimulator.Http;
using BulkRefunds.KlarnaSimulator.Startup;

namespace BulkRefunds.KlarnaSimulator;

/// <summary>Builds the simulator web application; shared by the standalone executable and <see cref="KlarnaSimulatorServer"/>.</summary>
public static class KlarnaSimulatorApp
{
    /// <summary>
    /// Builds (does not start) the simulator. No appsettings.json, environment or Kestrel configuration is
    /// read: in-process it would otherwise pick up the host's files and endpoints. Logging is Warning and up.
    /// </summary>
    public static WebApplication Build(SimulatorOptions options, TimeProvider timeProvider, string[] args)
        => Build(options, timeProvider, args, inProcess: false);

    internal static WebApplication Build(SimulatorOptions options, TimeProvider timeProvider, string[] args, bool inProcess)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(KlarnaSimulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        if (inProcess)
        {
            builder.Services.AddSingleton<IHostLifetime, InProcessLifetime>();
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(timeProvider);
        builder.Services.AddSingleton(new SimulatorState(options, timeProvider, OrdersFile.Load(options.OrdersFile)));
        builder.Services.AddSingleton(new IdempotencyStore(timeProvider, options.IdempotencyWindow));

        var app = builder.Build();
        app.Use(CorrelationId.AssignAsync);
        // Auth, then faults, then (inside the endpoints) idempotency and processing: a 401 never consumes a
        // queued fault, and a fault that acts before applying never leaves a response under the key.
        app.UseMiddleware<BasicAuthMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.MapOrderManagement();
        app.MapSettlements();
        app.MapSimulatorControls();
        return app;
    }
}
