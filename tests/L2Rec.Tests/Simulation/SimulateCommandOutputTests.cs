using L2Rec.Cli;
using L2Rec.Simulation;
using Serilog.Core;

namespace L2Rec.Tests.Simulation;

/// <summary><c>l2rec simulate</c> prints the WebSocket endpoint as stdout's first line, and Binance's REST endpoint after it.</summary>
[Collection(SimulatorServerCollection.Name)]
public sealed class SimulateCommandOutputTests
{
    [Theory]
    [InlineData(SimulatedExchanges.Kraken, new[] { "BTC/USD" }, "/v2")]
    [InlineData(SimulatedExchanges.Binance, new[] { "BTCUSDT", "ETHUSDT" }, "")]
    [InlineData(SimulatedExchanges.BinanceUsdM, new[] { "BTCUSDT" }, "")]
    public async Task The_first_line_is_the_websocket_endpoint_and_binance_adds_its_rest_endpoint(string exchange, string[] symbols, string path)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        using StringWriter output = new();
        Task<int> run = SimulateCommand.RunAsync(new SimulatorOptions { Exchange = exchange, Symbols = symbols, Port = 0 }, TextWriter.Synchronized(output), TimeProvider.System, Logger.None, stop.Token);
        string[] lines = [];
        for (int i = 0; i < 200 && lines.Length < (exchange == SimulatedExchanges.Kraken ? 1 : 2); i++)
        {
            await Task.Delay(25, token);
            lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        await stop.CancelAsync();
        (await run).Should().Be(0);
        lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].Should().MatchRegex($"^ws://127\\.0\\.0\\.1:\\d+{path}$");
        if (exchange == SimulatedExchanges.Kraken)
        {
            lines.Should().ContainSingle();
        }
        else
        {
            lines.Should().HaveCount(2);
            lines[1].Should().Be(lines[0].Replace("ws://", "http://", StringComparison.Ordinal));
        }
    }
}
