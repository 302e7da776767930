using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using L2Rec.Simulation;
using Serilog.Core;

namespace L2Rec.Tests.Simulation.Binance;

/// <summary>The simulated Binance's WebSocket side: paths, control messages and their answers, silence, pings.</summary>
[Collection(SimulatorServerCollection.Name)]
public sealed class BinanceStreamTests
{
    [Fact]
    public async Task Control_messages_are_answered_as_binance_answers_them()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = Start(SimulatedExchanges.Binance, rate: 20);
        using ClientWebSocket socket = await Connect(server, "/stream?streams=btcusdt@depth@100ms", token);

        (await Ask(socket, """{"method":"LIST_SUBSCRIPTIONS","id":1}""", token)).Should().Be("""{"result":["btcusdt@depth@100ms"],"id":1}""");
        (await Ask(socket, """{"method":"SUBSCRIBE","params":["xbtusdt@depth@100ms","BTCUSDT@bookTicker","btcusdt@bookTicker"],"id":2}""", token))
            .Should().Be("""{"result":null,"id":2}""", "a well-formed stream is acknowledged even when it will never deliver");
        (await Ask(socket, """{"method":"UNSUBSCRIBE","params":["btcusdt@bookTicker","never@subscribed"],"id":"x-3"}""", token)).Should().Be("""{"result":null,"id":"x-3"}""");
        (await Ask(socket, """{"method":"LIST_SUBSCRIPTIONS","id":4}""", token))
            .Should().Be("""{"result":["btcusdt@depth@100ms","xbtusdt@depth@100ms","BTCUSDT@bookTicker"],"id":4}""");
        (await Ask(socket, """{"method":"GET_PROPERTY","params":["combined"],"id":5}""", token)).Should().Be("""{"result":true,"id":5}""");
        (await Ask(socket, """{"method":"FLY","id":6}""", token)).Should().StartWith("""{"code":2,"msg":"Invalid request: unknown variant `FLY`""").And.EndWith(""","id":6}""");
        (await Ask(socket, """{"method":"SUBSCRIBE","params":[7],"id":7}""", token)).Should().Be("""{"code":2,"msg":"Invalid request: invalid stream","id":7}""");
        (await Ask(socket, """{"method":"SUBSCRIBE","params":["btcusdt"],"id":8}""", token)).Should().Be("""{"code":2,"msg":"Invalid request: invalid stream","id":8}""");
        (await Ask(socket, """{"method":"LIST_SUBSCRIPTIONS","id":{}}""", token)).Should().Be("""{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"}""");
        (await Ask(socket, "not json", token)).Should().StartWith("""{"code":3,"msg":"Invalid JSON""");
        (await Ask(socket, """{"method":"SET_PROPERTY","params":["colour",true],"id":9}""", token)).Should().Be("""{"code":0,"msg":"Unknown property","id":9}""");
        (await Ask(socket, """{"method":"SET_PROPERTY","params":["combined","yes"],"id":10}""", token)).Should().Be("""{"code":1,"msg":"Invalid value type: expected Boolean","id":10}""");
    }

    [Fact]
    public async Task Usdm_ids_must_be_unsigned_integers()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = Start(SimulatedExchanges.BinanceUsdM, rate: 20);
        using ClientWebSocket socket = await Connect(server, "/public/stream?streams=btcusdt@depth@100ms", token);

        (await Ask(socket, """{"method":"LIST_SUBSCRIPTIONS","id":"a"}""", token)).Should().Be("""{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"}""");
        (await Ask(socket, """{"method":"LIST_SUBSCRIPTIONS","id":12}""", token)).Should().Be("""{"result":["btcusdt@depth@100ms"],"id":12}""");
    }

    [Theory]
    [InlineData(SimulatedExchanges.Binance, "/stream?streams=xbtusdt@depth@100ms/xbtusdt@bookTicker/BTCUSDT@depth@100ms")]
    [InlineData(SimulatedExchanges.BinanceUsdM, "/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker")]
    [InlineData(SimulatedExchanges.BinanceUsdM, "/market/stream?streams=btcusdt@depth@100ms")]
    public async Task Unknown_symbols_upper_case_names_and_usdm_paths_without_public_are_subscribed_and_silent(string exchange, string path)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = Start(exchange, rate: 500);
        using ClientWebSocket socket = await Connect(server, path, token);

        List<string> received = await ReceiveFor(socket, TimeSpan.FromSeconds(0.6), token);
        received.Should().BeEmpty();
        (await Ask(socket, """{"method":"LIST_SUBSCRIPTIONS","id":1}""", token)).Should().StartWith("""{"result":[""", "the connection is alive, only silent");
    }

    [Theory]
    [InlineData(SimulatedExchanges.Binance, "/stream?streams=btcusdt@depth@100ms", true)]
    [InlineData(SimulatedExchanges.Binance, "/ws/btcusdt@depth@100ms", false)]
    [InlineData(SimulatedExchanges.Binance, "/stream?streams=btcusdt@depth", true)]
    [InlineData(SimulatedExchanges.BinanceUsdM, "/public/stream?streams=btcusdt@depth@100ms", true)]
    [InlineData(SimulatedExchanges.BinanceUsdM, "/public/ws/btcusdt@depth", false)]
    [InlineData(SimulatedExchanges.BinanceUsdM, "/public/stream?streams=btcusdt@depth@500ms", true)]
    public async Task Combined_streams_wrap_events_and_raw_streams_do_not(string exchange, string path, bool combined)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = Start(exchange, rate: 500);
        using ClientWebSocket socket = await Connect(server, path, token);

        string message = await Receive(socket, new byte[1 << 16], token).WaitAsync(TimeSpan.FromSeconds(3), token);

        using JsonDocument first = JsonDocument.Parse(message);
        JsonElement data = combined ? first.RootElement.GetProperty("data") : first.RootElement;
        first.RootElement.TryGetProperty("stream", out _).Should().Be(combined);
        data.GetProperty("e").GetString().Should().Be("depthUpdate");
        data.GetProperty("s").GetString().Should().Be("BTCUSDT");
        string[] keys = [.. data.EnumerateObject().Select(p => p.Name)];
        keys.Should().Equal(exchange == SimulatedExchanges.BinanceUsdM ? ["e", "E", "T", "s", "U", "u", "pu", "b", "a"] : ["e", "E", "s", "U", "u", "b", "a"]);
    }

    [Fact]
    public async Task Book_tickers_have_binance_fields_in_binance_order()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer spotServer = Start(SimulatedExchanges.Binance, rate: 500);
        await using SimulatorServer usdmServer = Start(SimulatedExchanges.BinanceUsdM, rate: 500);
        using ClientWebSocket spot = await Connect(spotServer, "/stream?streams=btcusdt@bookTicker", token);
        using ClientWebSocket usdm = await Connect(usdmServer, "/public/stream?streams=btcusdt@bookTicker", token);

        string spotTicker = await Receive(spot, new byte[1 << 16], token).WaitAsync(TimeSpan.FromSeconds(3), token);
        string usdmTicker = await Receive(usdm, new byte[1 << 16], token).WaitAsync(TimeSpan.FromSeconds(3), token);

        spotTicker.Should().MatchRegex("""^\{"stream":"btcusdt@bookTicker","data":\{"u":\d+,"s":"BTCUSDT","b":"\d+\.\d{8}","B":"\d+\.\d{8}","a":"\d+\.\d{8}","A":"\d+\.\d{8}"\}\}$""");
        usdmTicker.Should().MatchRegex("""^\{"stream":"btcusdt@bookTicker","data":\{"e":"bookTicker","u":\d+,"s":"BTCUSDT","b":"\d+\.\d\d","B":"\d+\.\d{3}","a":"\d+\.\d\d","A":"\d+\.\d{3}","T":\d+,"E":\d+\}\}$""");
    }

    [Fact]
    public async Task Paths_that_are_not_binance_streams_are_refused_with_404()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = Start(SimulatedExchanges.BinanceUsdM, rate: 20);
        using ClientWebSocket socket = new();

        Func<Task> connect = () => socket.ConnectAsync(new Uri(server.Endpoint, "/v2"), token);

        (await connect.Should().ThrowAsync<WebSocketException>()).Which.Message.Should().Contain("404");
    }

    [Fact]
    public async Task The_server_pings_and_a_client_that_answers_stays_connected()
    {
        // ClientWebSocket hides pings, so read the frames off a bare socket: the handshake, then frame headers.
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions { Exchange = SimulatedExchanges.Binance, Symbols = ["BTCUSDT"], Rate = 20, PingInterval = TimeSpan.FromMilliseconds(200) },
            TimeProvider.System,
            Logger.None);
        using TcpClient tcp = new();
        await tcp.ConnectAsync("127.0.0.1", server.Endpoint.Port, token);
        NetworkStream stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"), token);
        string head = await ReadHead(stream, token);
        head.Should().StartWith("HTTP/1.1 101").And.Contain("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

        using CancellationTokenSource limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(TimeSpan.FromSeconds(3));
        byte[] header = new byte[2];
        await stream.ReadExactlyAsync(header, limit.Token);
        (header[0] & 0x0F).Should().Be(0x9, "the first frame on a quiet /ws connection is the server's ping");
        (header[1] & 0x80).Should().Be(0, "server frames are not masked");
    }

    private static SimulatorServer Start(string exchange, double rate) =>
        SimulatorServer.Start(new SimulatorOptions { Exchange = exchange, Symbols = ["BTCUSDT"], Rate = rate, Seed = 9, Bursty = false }, TimeProvider.System, Logger.None);

    private static async Task<ClientWebSocket> Connect(SimulatorServer server, string path, CancellationToken token)
    {
        ClientWebSocket socket = new();
        await socket.ConnectAsync(new Uri(server.Endpoint.ToString().TrimEnd('/') + path), token);
        return socket;
    }

    /// <summary>Sends a request and returns the next message that is not market data.</summary>
    private static async Task<string> Ask(ClientWebSocket socket, string request, CancellationToken token)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, token);
        byte[] buffer = new byte[1 << 16];
        while (true)
        {
            string message = await Receive(socket, buffer, token).WaitAsync(TimeSpan.FromSeconds(5), token);
            if (!message.StartsWith("""{"stream":""", StringComparison.Ordinal))
            {
                return message;
            }
        }
    }

    private static async Task<List<string>> ReceiveFor(ClientWebSocket socket, TimeSpan duration, CancellationToken token)
    {
        List<string> messages = [];
        byte[] buffer = new byte[1 << 16];
        Task<string>? pending = null;
        long until = TimeProvider.System.GetTimestamp() + (long)(duration.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            TimeSpan left = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), until);
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            pending ??= Receive(socket, buffer, token);
            if (await Task.WhenAny(pending, Task.Delay(left, token)) != pending)
            {
                break;
            }

            messages.Add(await pending);
            pending = null;
        }

        // Let the last receive finish so the socket can be used again.
        if (pending is not null)
        {
            await socket.SendAsync("""{"method":"LIST_SUBSCRIPTIONS","id":99}"""u8.ToArray(), WebSocketMessageType.Text, true, token);
            string late = await pending.WaitAsync(TimeSpan.FromSeconds(5), token);
            if (late.StartsWith("""{"stream":""", StringComparison.Ordinal) || !late.Contains("\"id\":99", StringComparison.Ordinal))
            {
                messages.Add(late);
            }
        }

        return messages;
    }

    private static async Task<string> Receive(ClientWebSocket socket, byte[] buffer, CancellationToken token)
    {
        int length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static async Task<string> ReadHead(NetworkStream stream, CancellationToken token)
    {
        StringBuilder head = new();
        byte[] one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, token);
            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
