using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using L2Rec.Simulation;
using L2Rec.Tests.Support;
using Serilog.Core;

namespace L2Rec.Tests.Simulation;

/// <summary>Kraken's lost update (<c>--drop-every</c>): the client's book misses a change and the next checksum says so.</summary>
[Collection(SimulatorServerCollection.Name)]
public sealed class KrakenFaultTests
{
    [Fact]
    public async Task A_dropped_update_makes_a_later_checksum_fail()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions { Symbols = ["BTC/USD"], Rate = 0, Seed = 7, DropEvery = new FaultSchedule(25, null) }, TimeProvider.System, Logger.None);
        using ClientWebSocket socket = new();
        await socket.ConnectAsync(server.Endpoint, token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":10},"req_id":1}"""), WebSocketMessageType.Text, true, token);

        SortedDictionary<decimal, decimal> bids = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));
        SortedDictionary<decimal, decimal> asks = [];
        byte[] buffer = new byte[1 << 20];
        int updates = 0;
        int mismatches = 0;
        while (updates < 200)
        {
            int length = 0;
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), token);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            using JsonDocument frame = JsonDocument.Parse(buffer.AsMemory(0, length));
            if (!frame.RootElement.TryGetProperty("channel", out JsonElement channel) || channel.GetString() != "book")
            {
                continue;
            }

            JsonElement data = frame.RootElement.GetProperty("data")[0];
            if (frame.RootElement.GetProperty("type").GetString() == "snapshot")
            {
                bids.Clear();
                asks.Clear();
            }

            Apply(bids, data.GetProperty("bids"));
            Apply(asks, data.GetProperty("asks"));
            uint expected = ReferenceChecksum.Compute(asks.Take(10).Select(kv => (kv.Key, kv.Value)), bids.Take(10).Select(kv => (kv.Key, kv.Value)), 1, 8);
            if (data.GetProperty("checksum").GetUInt32() != expected)
            {
                mismatches++;

                // Start again from the truth, as a client would after resubscribing.
                bids.Clear();
                asks.Clear();
                await socket.SendAsync(Encoding.UTF8.GetBytes("""{"method":"unsubscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":10}}"""), WebSocketMessageType.Text, true, token);
                await socket.SendAsync(Encoding.UTF8.GetBytes("""{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":10}}"""), WebSocketMessageType.Text, true, token);
            }

            updates++;
        }

        mismatches.Should().BeGreaterThan(0);
    }

    private static void Apply(SortedDictionary<decimal, decimal> side, JsonElement levels)
    {
        foreach (JsonElement level in levels.EnumerateArray())
        {
            decimal price = decimal.Parse(level.GetProperty("price").GetRawText(), CultureInfo.InvariantCulture);
            decimal qty = decimal.Parse(level.GetProperty("qty").GetRawText(), CultureInfo.InvariantCulture);
            if (qty == 0)
            {
                side.Remove(price);
            }
            else
            {
                side[price] = qty;
            }
        }

        while (side.Count > 10)
        {
            side.Remove(side.Keys.Last());
        }
    }
}
