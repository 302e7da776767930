using System.Net;
using System.Text.Json;
using L2Rec.Simulation;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace L2Rec.Tests.Simulation.Binance;

/// <summary>
/// The simulated Binance's REST side answers as Binance does: shapes, limits, weights per UTC minute in
/// X-MBX-USED-WEIGHT-1M, 400 error bodies, 429 with Retry-After. Time is fake, so the minute never turns by accident.
/// </summary>
[Collection(SimulatorServerCollection.Name)]
public sealed class BinanceRestTests
{
    private static readonly DateTimeOffset HalfPast = new(2026, 3, 2, 10, 15, 30, TimeSpan.Zero);

    [Fact]
    public async Task Spot_depth_and_exchange_info_look_like_binance_and_every_answer_says_the_weight_used()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using Rest rest = Start(SimulatedExchanges.Binance);
        HttpClient http = rest.Http;

        (HttpStatusCode status, JsonElement info, int weight) = await Get(http, "/api/v3/exchangeInfo?symbol=BTCUSDT", token);
        status.Should().Be(HttpStatusCode.OK);
        weight.Should().Be(20);
        info.GetProperty("rateLimits")[0].GetProperty("rateLimitType").GetString().Should().Be("REQUEST_WEIGHT");
        info.GetProperty("rateLimits")[0].GetProperty("limit").GetInt32().Should().Be(6000);
        JsonElement symbol = info.GetProperty("symbols").EnumerateArray().Should().ContainSingle().Subject;
        symbol.GetProperty("symbol").GetString().Should().Be("BTCUSDT");
        symbol.GetProperty("status").GetString().Should().Be("TRADING");
        symbol.GetProperty("baseAsset").GetString().Should().Be("BTC");
        symbol.GetProperty("quoteAsset").GetString().Should().Be("USDT");
        Filter(symbol, "PRICE_FILTER").GetProperty("tickSize").GetString().Should().Be("0.01000000");
        Filter(symbol, "LOT_SIZE").GetProperty("stepSize").GetString().Should().Be("0.00001000");

        (status, JsonElement depth, weight) = await Get(http, "/api/v3/depth?symbol=BTCUSDT", token);
        status.Should().Be(HttpStatusCode.OK);
        weight.Should().Be(25, "20 for exchangeInfo, then 5 for the default 100 levels");
        depth.EnumerateObject().Select(p => p.Name).Should().Equal("lastUpdateId", "bids", "asks");
        depth.GetProperty("bids").GetArrayLength().Should().Be(100);
        depth.GetProperty("asks").GetArrayLength().Should().Be(100);
        depth.GetProperty("bids")[0][0].GetString().Should().MatchRegex(@"^\d+\.\d{8}$");
        depth.GetProperty("bids")[0][1].GetString().Should().MatchRegex(@"^\d+\.\d{8}$");
        decimal.Parse(depth.GetProperty("bids")[0][0].GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeLessThan(decimal.Parse(depth.GetProperty("asks")[0][0].GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        (_, depth, weight) = await Get(http, "/api/v3/depth?symbol=BTCUSDT&limit=500", token);
        weight.Should().Be(50);
        depth.GetProperty("bids").GetArrayLength().Should().Be(500);
        (_, depth, weight) = await Get(http, "/api/v3/depth?symbol=BTCUSDT&limit=1000", token);
        weight.Should().Be(100);
        (_, depth, weight) = await Get(http, "/api/v3/depth?symbol=BTCUSDT&limit=6000", token);
        weight.Should().Be(350, "more than 5000 is cut to 5000, at 250");
        depth.GetProperty("bids").GetArrayLength().Should().Be(5000);
        depth.GetProperty("asks").GetArrayLength().Should().Be(5000);
    }

    [Fact]
    public async Task Usdm_depth_and_exchange_info_carry_the_futures_fields_and_weights()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using Rest rest = Start(SimulatedExchanges.BinanceUsdM);
        HttpClient http = rest.Http;

        (HttpStatusCode status, JsonElement info, int weight) = await Get(http, "/fapi/v1/exchangeInfo", token);
        status.Should().Be(HttpStatusCode.OK);
        weight.Should().Be(1);
        info.GetProperty("rateLimits")[0].GetProperty("limit").GetInt32().Should().Be(2400);
        JsonElement btc = info.GetProperty("symbols").EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == "BTCUSDT");
        btc.GetProperty("pricePrecision").GetInt32().Should().Be(2);
        btc.GetProperty("quantityPrecision").GetInt32().Should().Be(3);
        Filter(btc, "PRICE_FILTER").GetProperty("tickSize").GetString().Should().Be("0.10");
        Filter(btc, "LOT_SIZE").GetProperty("stepSize").GetString().Should().Be("0.001");

        (status, JsonElement depth, weight) = await Get(http, "/fapi/v1/depth?symbol=BTCUSDT&limit=1000", token);
        status.Should().Be(HttpStatusCode.OK);
        weight.Should().Be(21);
        depth.EnumerateObject().Select(p => p.Name).Should().Equal("lastUpdateId", "E", "T", "bids", "asks");
        depth.GetProperty("bids").GetArrayLength().Should().Be(1000);
        depth.GetProperty("bids")[0][0].GetString().Should().MatchRegex(@"^\d+\.\d0$", "a 0.10 tick written with 2 decimals");
        depth.GetProperty("bids")[0][1].GetString().Should().MatchRegex(@"^\d+\.\d{3}$");

        (_, depth, weight) = await Get(http, "/fapi/v1/depth?symbol=btcusdt&limit=5", token);
        weight.Should().Be(23, "USD-M takes a lower-case symbol; 5 levels weigh 2");
        depth.GetProperty("bids").GetArrayLength().Should().Be(5);
        (_, depth, weight) = await Get(http, "/fapi/v1/depth?symbol=BTCUSDT", token);
        weight.Should().Be(24, "without a limit: 500 levels for a weight of 1, as measured on the real host");
        depth.GetProperty("asks").GetArrayLength().Should().Be(500);
    }

    [Theory]
    [InlineData(SimulatedExchanges.Binance, "/api/v3/depth?symbol=XBTUSDT&limit=100", -1121, "Invalid symbol.")]
    [InlineData(SimulatedExchanges.Binance, "/api/v3/exchangeInfo?symbol=XBTUSDT", -1121, "Invalid symbol.")]
    [InlineData(SimulatedExchanges.Binance, "/api/v3/depth?symbol=BTCUSDT&limit=0", -1130, "Data sent for parameter 'limit' is not valid.")]
    [InlineData(SimulatedExchanges.Binance, "/api/v3/depth?symbol=BTCUSDT&limit=ten", -1100, "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.")]
    [InlineData(SimulatedExchanges.Binance, "/api/v3/depth?limit=100", -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")]
    [InlineData(SimulatedExchanges.BinanceUsdM, "/fapi/v1/depth?symbol=XBTUSDT&limit=100", -1121, "Invalid symbol.")]
    [InlineData(SimulatedExchanges.BinanceUsdM, "/fapi/v1/depth?symbol=BTCUSDT&limit=7", -4021, "7 is not valid depth limit")]
    public async Task Bad_requests_get_binance_error_bodies_with_status_400_and_still_cost_weight(string exchange, string path, int code, string message)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using Rest rest = Start(exchange);
        HttpClient http = rest.Http;

        (HttpStatusCode status, JsonElement body, int weight) = await Get(http, path, token);

        status.Should().Be(HttpStatusCode.BadRequest);
        body.GetProperty("code").GetInt32().Should().Be(code);
        body.GetProperty("msg").GetString().Should().Be(message);
        weight.Should().BePositive();
    }

    [Fact]
    public async Task Past_the_weight_limit_the_answer_is_429_with_retry_after_until_the_minute_turns()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using Rest rest = Start(SimulatedExchanges.Binance);
        HttpClient http = rest.Http;
        FakeTimeProvider time = rest.Time;

        // 24 snapshots of 5000 levels weigh exactly 6000: the limit, not past it.
        for (int i = 1; i <= 24; i++)
        {
            (HttpStatusCode ok, _, int used) = await Get(http, "/api/v3/depth?symbol=BTCUSDT&limit=5000", token);
            ok.Should().Be(HttpStatusCode.OK);
            used.Should().Be(250 * i);
        }

        using HttpResponseMessage refused = await http.GetAsync("/api/v3/depth?symbol=BTCUSDT&limit=5000", token);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(30), "the weight resets when the UTC minute turns, 30 s away");
        using (JsonDocument body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(token)))
        {
            body.RootElement.GetProperty("code").GetInt32().Should().Be(-1003);
            body.RootElement.GetProperty("msg").GetString().Should().StartWith("Too much request weight used; current limit is 6000 request weight per 1 MINUTE.");
        }

        time.Advance(TimeSpan.FromSeconds(30));
        (HttpStatusCode again, _, int fresh) = await Get(http, "/api/v3/depth?symbol=BTCUSDT&limit=5000", token);
        again.Should().Be(HttpStatusCode.OK);
        fresh.Should().Be(250, "a new minute, a new count");
    }

    [Fact]
    public async Task Rate_limit_every_answers_every_nth_request_429_with_retry_after_one_second()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using Rest rest = Start(SimulatedExchanges.BinanceUsdM, o => o with { RateLimitEvery = new FaultSchedule(3, null) });
        HttpClient http = rest.Http;

        List<HttpStatusCode> statuses = [];
        for (int i = 0; i < 7; i++)
        {
            using HttpResponseMessage response = await http.GetAsync("/fapi/v1/depth?symbol=BTCUSDT&limit=5", token);
            statuses.Add(response.StatusCode);
            response.Headers.Contains("X-MBX-USED-WEIGHT-1M").Should().BeTrue();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
                using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(token));
                body.RootElement.GetProperty("code").GetInt32().Should().Be(-1003);
            }
        }

        statuses.Should().Equal(
            HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK);
    }

    [Fact]
    public async Task One_http_client_gets_hundreds_of_answers_over_keep_alive_and_websocket_shares_the_port()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using Rest rest = Start(SimulatedExchanges.Binance);
        HttpClient http = rest.Http;

        for (int i = 1; i <= 300; i++)
        {
            (HttpStatusCode status, JsonElement body, int weight) = await Get(http, i % 2 == 0 ? "/api/v3/ping" : "/api/v3/time", token);
            status.Should().Be(HttpStatusCode.OK);
            weight.Should().Be(i);
            if (i % 2 == 1)
            {
                body.GetProperty("serverTime").GetInt64().Should().Be(HalfPast.ToUnixTimeMilliseconds());
            }
        }

        rest.Server.ConnectionCount.Should().BeLessThan(10, "HttpClient keeps its connection alive");
        rest.Server.RestEndpoint!.Port.Should().Be(rest.Server.Endpoint.Port);
        using HttpResponseMessage missing = await http.GetAsync("/api/v1/depth?symbol=BTCUSDT", token);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound, "/api/v1/depth no longer exists");
    }

    private static JsonElement Filter(JsonElement symbol, string type) =>
        symbol.GetProperty("filters").EnumerateArray().Single(f => f.GetProperty("filterType").GetString() == type);

    private static Rest Start(string exchange, Func<SimulatorOptions, SimulatorOptions>? configure = null)
    {
        FakeTimeProvider time = new(HalfPast);
        SimulatorOptions options = new() { Exchange = exchange, Symbols = ["BTCUSDT", "ETHUSDT"], Seed = 3 };
        SimulatorServer server = SimulatorServer.Start(configure is null ? options : configure(options), time, Logger.None);
        return new Rest(server, new HttpClient { BaseAddress = server.RestEndpoint }, time);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, int Weight)> Get(HttpClient http, string path, CancellationToken token)
    {
        using HttpResponseMessage response = await http.GetAsync(path, token);
        int weight = int.Parse(response.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single(), System.Globalization.CultureInfo.InvariantCulture);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(token));
        return (response.StatusCode, body.RootElement.Clone(), weight);
    }

    private sealed record Rest(SimulatorServer Server, HttpClient Http, FakeTimeProvider Time) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Server.DisposeAsync();
        }
    }
}
