using System.Net;
using System.Net.Sockets;

namespace L2Rec.IntegrationTests.Support;

/// <summary>Starts <c>l2rec simulate</c> on a free loopback port and waits for the endpoint it prints.</summary>
public static class SimulatorProcess
{
    public static async Task<(L2RecProcess Process, string Url)> StartAsync(params string[] args)
    {
        L2RecProcess simulator = L2RecProcess.Start(["simulate", "--port", "0", .. args]);
        await simulator.WaitUntilAsync(() => simulator.Stdout.Contains("ws://", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "simulator endpoint");
        return (simulator, simulator.Stdout.Trim().Split('\n')[0].Trim());
    }

    /// <summary>A loopback port that nothing listens on (the kernel picked it free a moment ago).</summary>
    public static int ClosedPort()
    {
        TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
