using System.Net;
using L2Rec.Feeds.Binance;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace L2Rec.Tests.Feeds.Binance;

/// <summary>The exchange's limits are obeyed on fake time: Retry-After for every request, the weight budget per minute.</summary>
public sealed class BinanceRestClientTests
{
    private static readonly Uri Depth = new("http://127.0.0.1:9/api/v3/depth?symbol=BTCUSDT&limit=1000");

    private static (BinanceRestClient Client, ScriptedHandler Handler, FakeTimeProvider Time) NewClient(DateTimeOffset start)
    {
        FakeTimeProvider time = new(start);
        ScriptedHandler handler = new();
        BinanceFeedOptions options = new()
        {
            Market = BinanceMarket.Spot,
            Symbols = ["BTCUSDT"],
            Depth = 10,
            WebSocketEndpoint = new Uri("ws://127.0.0.1:9"),
            RestEndpoint = new Uri("http://127.0.0.1:9"),
            HttpHandler = handler,
        };
        return (new BinanceRestClient(options, time, Logger.None), handler, time);
    }

    [Fact]
    public async Task A_429_makes_every_request_wait_for_its_Retry_After()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        (BinanceRestClient client, ScriptedHandler handler, FakeTimeProvider time) = NewClient(new DateTimeOffset(2025, 10, 23, 10, 0, 5, TimeSpan.Zero));
        handler.Answers.Enqueue(() =>
        {
            HttpResponseMessage throttled = new((HttpStatusCode)429) { Content = new StringContent("""{"code":-1003,"msg":"Too many requests."}""") };
            throttled.Headers.Add("Retry-After", "7");
            return throttled;
        });

        RestResponse first = await client.GetAsync(Depth, 50, optional: false, token);
        first.Outcome.Should().Be(RestOutcome.Throttled);
        client.BlockedUntil.Should().Be(time.GetUtcNow().AddSeconds(7));

        (await client.GetAsync(Depth, 50, optional: true, token)).Outcome.Should().Be(RestOutcome.Skipped, "an audit does not wait out a ban");
        Task<RestResponse> second = client.GetAsync(Depth, 50, optional: false, token);
        TimeSpan waited = await AdvanceUntil(time, () => handler.Calls == 2, token);

        waited.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(7)).And.BeLessThan(TimeSpan.FromSeconds(8));
        (await second).Outcome.Should().Be(RestOutcome.Ok);
    }

    [Fact]
    public async Task A_418_ban_is_honoured_the_same_way()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        (BinanceRestClient client, ScriptedHandler handler, FakeTimeProvider time) = NewClient(new DateTimeOffset(2025, 10, 23, 10, 0, 5, TimeSpan.Zero));
        handler.Answers.Enqueue(() =>
        {
            HttpResponseMessage banned = new((HttpStatusCode)418);
            banned.Headers.Add("Retry-After", "120");
            return banned;
        });

        (await client.GetAsync(Depth, 50, optional: false, token)).Outcome.Should().Be(RestOutcome.Throttled);
        Task<RestResponse> next = client.GetAsync(Depth, 50, optional: false, token);
        TimeSpan waited = await AdvanceUntil(time, () => handler.Calls == 2, token);

        waited.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(120));
        await next;
    }

    [Fact]
    public async Task Weight_near_the_limit_holds_requests_until_the_next_minute_and_skips_audits()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        (BinanceRestClient client, ScriptedHandler handler, FakeTimeProvider time) = NewClient(new DateTimeOffset(2025, 10, 23, 10, 0, 30, TimeSpan.Zero));
        handler.Answers.Enqueue(() => FakeBinanceRest.Ok("{}", usedWeight: 4_790));

        (await client.GetAsync(Depth, 50, optional: false, token)).Outcome.Should().Be(RestOutcome.Ok);
        client.UsedWeight.Should().Be(4_790);
        client.WeightScarce.Should().BeTrue();
        (await client.GetAsync(Depth, 50, optional: true, token)).Outcome.Should().Be(RestOutcome.Skipped);

        // 4790 + 50 passes 80 % of 6000: the next request waits for the next minute (10:01:00, plus a second).
        Task<RestResponse> next = client.GetAsync(Depth, 50, optional: false, token);
        TimeSpan waited = await AdvanceUntil(time, () => handler.Calls == 2, token);
        waited.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(31)).And.BeLessThan(TimeSpan.FromSeconds(32));
        await next;
    }

    [Fact]
    public async Task Light_weight_lets_requests_through_at_once()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        (BinanceRestClient client, ScriptedHandler handler, _) = NewClient(new DateTimeOffset(2025, 10, 23, 10, 0, 30, TimeSpan.Zero));
        handler.Answers.Enqueue(() => FakeBinanceRest.Ok("{}", usedWeight: 1_000));

        await client.GetAsync(Depth, 50, optional: false, token);
        (await client.GetAsync(Depth, 50, optional: false, token)).Outcome.Should().Be(RestOutcome.Ok);
        (await client.GetAsync(Depth, 50, optional: true, token)).Outcome.Should().Be(RestOutcome.Ok);
        handler.Calls.Should().Be(3);
    }

    // Advances fake time in small steps until the condition holds; returns how much time that took.
    private static async Task<TimeSpan> AdvanceUntil(FakeTimeProvider time, Func<bool> condition, CancellationToken token)
    {
        TimeSpan advanced = TimeSpan.Zero;
        for (int i = 0; i < 2_000 && !condition(); i++)
        {
            await Task.Delay(2, token);
            if (condition())
            {
                break;
            }

            time.Advance(TimeSpan.FromMilliseconds(250));
            advanced += TimeSpan.FromMilliseconds(250);
        }

        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(2, token);
        }

        condition().Should().BeTrue();
        return advanced;
    }

    private sealed class ScriptedHandler : HttpMessageHandler
    {
        private int _calls;

        public System.Collections.Concurrent.ConcurrentQueue<Func<HttpResponseMessage>> Answers { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(Answers.TryDequeue(out Func<HttpResponseMessage>? answer) ? answer() : FakeBinanceRest.Ok("{}"));
        }
    }
}
