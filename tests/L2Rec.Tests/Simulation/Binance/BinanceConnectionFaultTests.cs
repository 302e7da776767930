using System.Net.WebSockets;
using System.Text;
using L2Rec.Simulation;
using Serilog.Core;

namespace L2Rec.Tests.Simulation.Binance;

/// <summary>The Binance connection faults: a close frame, a stall, garbage, and a client that talks too much.</summary>
[Collection(SimulatorServerCollection.Name)]
public sealed class BinanceConnectionFaultTests
{
    [Fact]
    public async Task Disconnect_every_closes_with_a_close_frame_after_that_many_depth_events()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions { Exchange = SimulatedExchanges.Binance, Symbols = ["BTCUSDT"], Rate = 0, Seed = 6, DisconnectEvery = new FaultSchedule(50, null) },
            TimeProvider.System,
            Logger.None);
        using ClientWebSocket socket = new();
        await socket.ConnectAsync(new Uri(server.Endpoint, "/stream?streams=btcusdt@depth@100ms"), token);
        byte[] buffer = new byte[1 << 16];
        int depthEvents = 0;
        while (true)
        {
            WebSocketReceiveResult result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), token).WaitAsync(TimeSpan.FromSeconds(5), token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            depthEvents += result.EndOfMessage && Encoding.UTF8.GetString(buffer, 0, result.Count).Contains("depthUpdate", StringComparison.Ordinal) ? 1 : 0;
        }

        socket.CloseStatus.Should().Be(WebSocketCloseStatus.NormalClosure);
        depthEvents.Should().Be(50);
    }

    [Fact]
    public async Task A_stalled_connection_stays_open_and_says_nothing_not_even_answers()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions { Exchange = SimulatedExchanges.Binance, Symbols = ["BTCUSDT"], Rate = 0, Seed = 6, StallAfter = new FaultSchedule(30, null) },
            TimeProvider.System,
            Logger.None);
        using ClientWebSocket socket = new();
        await socket.ConnectAsync(new Uri(server.Endpoint, "/stream?streams=btcusdt@depth@100ms"), token);
        byte[] buffer = new byte[1 << 16];
        int received = 0;
        using CancellationTokenSource quiet = CancellationTokenSource.CreateLinkedTokenSource(token);
        quiet.CancelAfter(TimeSpan.FromSeconds(1.5));
        await socket.SendAsync("""{"method":"LIST_SUBSCRIPTIONS","id":1}"""u8.ToArray(), WebSocketMessageType.Text, true, token);
        try
        {
            while (true)
            {
                WebSocketReceiveResult result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), quiet.Token);
                received += result.EndOfMessage ? 1 : 0;
                if (received > 40)
                {
                    break;
                }

                if (received == 30)
                {
                    // Now stalled: a probe gets no answer.
                    await socket.SendAsync("""{"method":"LIST_SUBSCRIPTIONS","id":2}"""u8.ToArray(), WebSocketMessageType.Text, true, token);
                }
            }
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            // Silence, as wanted.
        }

        received.Should().BeInRange(30, 31, "30 depth events and perhaps the first answer, then nothing");
        socket.State.Should().Be(WebSocketState.Aborted, "cancelling a receive aborts the client socket; the server never closed it");
    }

    [Fact]
    public async Task Garbage_frames_are_not_json()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions { Exchange = SimulatedExchanges.BinanceUsdM, Symbols = ["BTCUSDT"], Rate = 0, Seed = 6, GarbageFrameEvery = new FaultSchedule(10, null) },
            TimeProvider.System,
            Logger.None);
        using BinanceSyncClient client = new(server.Endpoint, server.RestEndpoint!, futures: true, ["BTCUSDT"], 100);
        await client.ConnectAsync(token);

        await client.RunAsync(TimeSpan.FromSeconds(0.5), token);

        client.Problems.Should().NotBeEmpty().And.OnlyContain(p => p.StartsWith("not JSON", StringComparison.Ordinal));
        client.States["BTCUSDT"].Primary.Breaks.Should().Be(0, "garbage comes beside the stream, not instead of it");
    }

    [Fact]
    public async Task A_client_far_over_the_message_rate_is_disconnected()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions { Exchange = SimulatedExchanges.Binance, Symbols = ["BTCUSDT"], Rate = 20, Seed = 6 }, TimeProvider.System, Logger.None);
        using ClientWebSocket socket = new();
        await socket.ConnectAsync(new Uri(server.Endpoint, "/ws"), token);
        for (int i = 0; i < 20; i++)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"method":"LIST_SUBSCRIPTIONS","id":{{i}}}"""), WebSocketMessageType.Text, true, token);
        }

        byte[] buffer = new byte[1 << 16];
        int answers = 0;
        while (true)
        {
            WebSocketReceiveResult result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), token).WaitAsync(TimeSpan.FromSeconds(5), token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            answers++;
        }

        socket.CloseStatus.Should().Be(WebSocketCloseStatus.PolicyViolation);
        answers.Should().Be(15, "spot allows 5 messages a second; the simulator cuts off at three times that");
    }
}
