using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using L2Rec.Simulation;
using L2Rec.Tests.Support;
using Serilog.Core;

namespace L2Rec.Tests.Simulation;

/// <summary>
/// The simulator is a faithful Kraken: a plain client (ClientWebSocket, JsonDocument, a decimal dictionary book, the
/// reference checksum; none of l2rec's feed code) follows Kraken's documented rules and every checksum matches.
/// </summary>
public sealed class SimulatorFidelityTests
{
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD", "DOGE/USD", "ABC/XYZ"];

    [Theory]
    [InlineData(10)]
    [InlineData(25)]
    public async Task An_independent_book_builder_verifies_every_checksum(int depth)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = SimulatorServer.Start(new SimulatorOptions { Symbols = Symbols, Rate = 0, Seed = 7 }, TimeProvider.System, Logger.None);
        using ClientWebSocket socket = new();
        await socket.ConnectAsync(server.Endpoint, token);

        await Send(socket, """{"method":"subscribe","params":{"channel":"instrument","snapshot":true},"req_id":1}""", token);
        await Send(socket, $$"""{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD","ETH/USD","DOGE/USD","ABC/XYZ"],"depth":{{depth}},"snapshot":true},"req_id":2}""", token);

        Dictionary<string, (int Price, int Qty)> precision = [];
        Dictionary<string, (SortedDictionary<decimal, decimal> Bids, SortedDictionary<decimal, decimal> Asks)> books = [];
        HashSet<string> acked = [];
        bool sawStatus = false;
        int verified = 0;
        byte[] buffer = new byte[1 << 20];
        while (verified < 3000)
        {
            using JsonDocument frame = await Receive(socket, buffer, token);
            JsonElement root = frame.RootElement;
            if (root.TryGetProperty("method", out JsonElement method))
            {
                root.GetProperty("success").GetBoolean().Should().BeTrue(root.GetRawText());
                method.GetString().Should().Be("subscribe");
                if (root.GetProperty("result").GetProperty("channel").GetString() == "book")
                {
                    acked.Add(root.GetProperty("result").GetProperty("symbol").GetString()!);
                    root.GetProperty("req_id").GetInt32().Should().Be(2);
                }

                continue;
            }

            switch (root.GetProperty("channel").GetString())
            {
                case "status":
                    sawStatus = true;
                    root.GetProperty("data")[0].GetProperty("connection_id").GetUInt64().Should().BeGreaterThan(1UL << 53);
                    break;
                case "instrument":
                    foreach (JsonElement pair in root.GetProperty("data").GetProperty("pairs").EnumerateArray())
                    {
                        precision[pair.GetProperty("symbol").GetString()!] = (pair.GetProperty("price_precision").GetInt32(), pair.GetProperty("qty_precision").GetInt32());
                    }

                    break;
                case "book":
                    foreach (JsonElement data in root.GetProperty("data").EnumerateArray())
                    {
                        string symbol = data.GetProperty("symbol").GetString()!;
                        bool snapshot = root.GetProperty("type").GetString() == "snapshot";
                        if (snapshot)
                        {
                            books[symbol] = (new(Comparer<decimal>.Create((a, b) => b.CompareTo(a))), new());
                        }

                        (SortedDictionary<decimal, decimal> bids, SortedDictionary<decimal, decimal> asks) = books[symbol];
                        Apply(bids, data.GetProperty("bids"));
                        Apply(asks, data.GetProperty("asks"));
                        Truncate(bids, depth);
                        Truncate(asks, depth);
                        bids.Count.Should().BeLessThanOrEqualTo(depth);
                        (int pricePrecision, int qtyPrecision) = precision[symbol];
                        uint expected = ReferenceChecksum.Compute(asks.Select(kv => (kv.Key, kv.Value)), bids.Select(kv => (kv.Key, kv.Value)), pricePrecision, qtyPrecision);
                        data.GetProperty("checksum").GetUInt32().Should().Be(expected, $"message {verified} for {symbol}");
                        if (bids.Count > 0 && asks.Count > 0)
                        {
                            bids.First().Key.Should().BeLessThan(asks.First().Key, "a book is never crossed");
                        }

                        verified++;
                    }

                    break;
                default:
                    break;
            }
        }

        sawStatus.Should().BeTrue();
        acked.Should().BeEquivalentTo(Symbols);
        precision["BTC/USD"].Should().Be((1, 8));
        precision["ETH/USD"].Should().Be((2, 8));
    }

    [Fact]
    public async Task Unknown_pairs_bad_depths_duplicates_and_pings_are_answered_as_kraken_does()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = SimulatorServer.Start(new SimulatorOptions { Symbols = ["BTC/USD"], Seed = 1 }, TimeProvider.System, Logger.None);
        using ClientWebSocket socket = new();
        await socket.ConnectAsync(server.Endpoint, token);
        byte[] buffer = new byte[1 << 20];

        (await Receive(socket, buffer, token)).RootElement.GetProperty("channel").GetString().Should().Be("status");
        await Send(socket, """{"method":"subscribe","params":{"channel":"book","symbol":["XBT/USD"],"depth":10},"req_id":5}""", token);
        JsonElement refused = (await NextResponse(socket, buffer, token)).RootElement;
        refused.GetProperty("success").GetBoolean().Should().BeFalse();
        refused.GetProperty("error").GetString().Should().Be("Currency pair not supported XBT/USD");

        await Send(socket, """{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":20}}""", token);
        (await NextResponse(socket, buffer, token)).RootElement.GetProperty("error").GetString().Should().Be("Subscription depth not supported");

        await Send(socket, """{"method":"ping","req_id":101}""", token);
        JsonElement pong = (await NextResponse(socket, buffer, token)).RootElement;
        pong.GetProperty("method").GetString().Should().Be("pong");
        pong.GetProperty("req_id").GetInt32().Should().Be(101);
    }

    [Fact]
    public async Task A_quiet_connection_gets_heartbeats()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = SimulatorServer.Start(new SimulatorOptions { Symbols = ["BTC/USD"] }, TimeProvider.System, Logger.None);
        using ClientWebSocket socket = new();
        await socket.ConnectAsync(server.Endpoint, token);
        byte[] buffer = new byte[1 << 20];
        _ = await Receive(socket, buffer, token);
        using JsonDocument next = await Receive(socket, buffer, token).WaitAsync(TimeSpan.FromSeconds(5), token);
        next.RootElement.GetProperty("channel").GetString().Should().Be("heartbeat");
    }

    [Fact]
    public async Task Replay_serves_the_recorded_messages_in_order_after_the_subscribe()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        using TempFolder tmp = TempFolder.ForCaller();
        string[] recorded =
        [
            """{"channel":"book","type":"snapshot","data":[{"symbol":"ETH/USD","bids":[{"price":1797.24,"qty":0.43393711}],"asks":[{"price":1797.25,"qty":1.40355852}],"checksum":1}]}""",
            """{"channel":"book","type":"update","data":[{"symbol":"ETH/USD","bids":[],"asks":[{"price":1797.25,"qty":0.00000000}],"checksum":2,"timestamp":"2025-05-06T09:17:26.208075Z"}]}""",
        ];
        await File.WriteAllLinesAsync(tmp.File("replay.jsonl"), recorded, token);
        await using SimulatorServer server = SimulatorServer.Start(new SimulatorOptions { Symbols = ["ETH/USD"], Rate = 0, ReplayFile = tmp.File("replay.jsonl") }, TimeProvider.System, Logger.None);
        using ClientWebSocket socket = new();
        await socket.ConnectAsync(server.Endpoint, token);
        await Send(socket, """{"method":"subscribe","params":{"channel":"book","symbol":["ETH/USD"],"depth":10}}""", token);
        byte[] buffer = new byte[1 << 20];
        List<string> received = [];
        while (received.Count < 2)
        {
            using JsonDocument frame = await Receive(socket, buffer, token).WaitAsync(TimeSpan.FromSeconds(10), token);
            if (frame.RootElement.TryGetProperty("channel", out JsonElement channel) && channel.GetString() == "book")
            {
                received.Add(frame.RootElement.GetRawText());
            }
        }

        received.Should().Equal(recorded);
    }

    private static async Task<JsonDocument> NextResponse(ClientWebSocket socket, byte[] buffer, CancellationToken token)
    {
        while (true)
        {
            JsonDocument document = await Receive(socket, buffer, token);
            if (document.RootElement.TryGetProperty("method", out _))
            {
                return document;
            }

            document.Dispose();
        }
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
    }

    private static void Truncate(SortedDictionary<decimal, decimal> side, int depth)
    {
        while (side.Count > depth)
        {
            side.Remove(side.Keys.Last());
        }
    }

    private static Task Send(ClientWebSocket socket, string json, CancellationToken token) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, token);

    private static async Task<JsonDocument> Receive(ClientWebSocket socket, byte[] buffer, CancellationToken token)
    {
        int length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return JsonDocument.Parse(buffer.AsMemory(0, length));
    }
}
