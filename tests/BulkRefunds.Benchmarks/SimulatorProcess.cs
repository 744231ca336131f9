using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BulkRefunds.Klarna;
using BulkRefunds.Telemetry;

namespace BulkRefunds.Benchmarks;

/// <summary>The Klarna simulator as its own process, so the client's CPU is measured apart from the server's.</summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    public const string Username = "bench_user";
    public const string Password = "bench_password";

    private readonly Process process;

    private SimulatorProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>The production accounts with one account, <c>default</c>, on this simulator, budgeted at <paramref name="requestsPerSecond"/>.</summary>
    public KlarnaAccounts Accounts(int requestsPerSecond, BulkRefundsTelemetry telemetry) => new(Microsoft.Extensions.Options.Options.Create(new KlarnaOptions
    {
        Accounts = { ["default"] = new KlarnaAccountOptions { BaseUrl = BaseAddress.ToString(), Username = Username, Password = Password, RequestsPerSecond = requestsPerSecond } },
    }), telemetry);

    public static async Task<SimulatorProcess> StartAsync(params string[] extraArgs)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "BulkRefunds.KlarnaSimulator.dll"),
                     "--urls", $"http://127.0.0.1:{port}", "--username", Username, "--password", Password, .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the simulator.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var simulator = new SimulatorProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var response = await http.GetAsync("_sim/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return simulator;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        await simulator.DisposeAsync();
        throw new InvalidOperationException("The simulator did not start within 10 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
