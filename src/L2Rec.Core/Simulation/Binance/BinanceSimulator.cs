using System.Net.WebSockets;
using L2Rec.Simulation.Http;
using Serilog;

namespace L2Rec.Simulation.Binance;

/// <summary>
/// The simulated Binance (spot or USD-M, by <see cref="BinanceVariant"/>): one market per listed symbol, server-wide,
/// moving on the server's clock; WebSocket streams at Binance's paths (<c>/stream?streams=</c>, <c>/ws/</c>; USD-M
/// under <c>/public</c>); and its REST endpoints on the same port (<see cref="BinanceRest"/>).
/// </summary>
internal sealed class BinanceSimulator : ISimulatedExchange
{
    /// <summary>At <c>--rate 0</c>, the market waits while any subscriber has this many messages unsent.</summary>
    private const int HighWater = 4096;

    private readonly Dictionary<string, BinanceMarket> _markets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BinanceStream> _streams = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _clock;
    private readonly BinanceRest _rest;

    public BinanceSimulator(BinanceVariant variant, SimulatorOptions options, TimeProvider time, ILogger log)
    {
        Variant = variant;
        Options = options;
        Time = time;
        Log = log.ForContext<BinanceSimulator>();
        Random seeds = options.Seed is int seed ? new Random(seed) : new Random();
        foreach (string symbol in options.Symbols)
        {
            BinanceMarket market = new(variant, BinanceInstruments.For(variant, symbol), new Random(seeds.Next()), time, options.Bursty, keepStale: options.StaleSnapshotEvery is not null);
            _markets[symbol] = market;
            foreach (BinanceStream stream in market.Streams)
            {
                _streams[stream.Name] = stream;
            }
        }

        _rest = new BinanceRest(this);
        _clock = Task.Run(() => RunClockAsync(_stop.Token));
    }

    public BinanceVariant Variant { get; }

    public SimulatorOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Log { get; }

    public IReadOnlyDictionary<string, BinanceMarket> Markets => _markets;

    public string WebSocketPath => string.Empty;

    public bool ServesRest => true;

    public BinanceStream? FindStream(string name) => _streams.GetValueOrDefault(name);

    public Func<Stream, CancellationToken, Task>? AcceptSocket(HttpRequestHead request, int connectionId, int seed)
    {
        if (!TryRoute(request, out bool combined, out bool delivering, out List<string> streams))
        {
            return null;
        }

        return async (stream, stop) =>
        {
            TimeSpan ping = Options.PingInterval ?? Variant.PingInterval;
            using WebSocket socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
            {
                IsServer = true,
                KeepAliveInterval = ping,
                KeepAliveTimeout = Variant.PongTimeout,
            });
            BinanceConnection connection = new(this, socket, combined, delivering, streams, connectionId);
            await connection.RunAsync(stop).ConfigureAwait(false);
        };
    }

    public HttpReply Answer(HttpRequestHead request) => _rest.Answer(request);

    /// <summary>
    /// Binance's stream paths: <c>/stream?streams=a/b</c> (combined, wrapped in <c>{"stream","data"}</c>) and
    /// <c>/ws</c> or <c>/ws/a/b</c> (raw), behind the variant's prefixes; USD-M's old paths connect but never deliver.
    /// </summary>
    private bool TryRoute(HttpRequestHead request, out bool combined, out bool delivering, out List<string> streams)
    {
        combined = false;
        delivering = false;
        streams = [];
        foreach ((string prefix, bool delivers) in Variant.DeliveringPrefixes.Select(p => (p, true)).Concat(Variant.SilentPrefixes.Select(p => (p, false))))
        {
            if (request.Path == prefix + "/stream")
            {
                combined = true;
                delivering = delivers;
                streams = [.. (request.Parameter("streams") ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries)];
                return true;
            }

            if (request.Path == prefix + "/ws" || request.Path.StartsWith(prefix + "/ws/", StringComparison.Ordinal))
            {
                delivering = delivers;
                streams = [.. request.Path[(prefix.Length + 3)..].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString)];
                return true;
            }
        }

        return false;
    }

    private async Task RunClockAsync(CancellationToken stop)
    {
        long last = Time.GetTimestamp();
        BinanceMarket[] markets = [.. _markets.Values];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (Options.Rate > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10), Time, stop).ConfigureAwait(false);
                    long now = Time.GetTimestamp();
                    double elapsed = Time.GetElapsedTime(last, now).TotalSeconds;
                    last = now;
                    long nowMs = Time.GetUtcNow().ToUnixTimeMilliseconds();
                    foreach (BinanceMarket market in markets)
                    {
                        market.Advance(elapsed, Options.Rate, now, nowMs);
                    }

                    continue;
                }

                // As fast as the clients read: a burst of steps, each its own event, then wait while anyone lags.
                if (!markets.Any(m => m.HasSubscribers) || markets.Any(m => m.MaxBacklog > HighWater))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(1), Time, stop).ConfigureAwait(false);
                    continue;
                }

                long ms = Time.GetUtcNow().ToUnixTimeMilliseconds();
                for (int i = 0; i < 64; i++)
                {
                    foreach (BinanceMarket market in markets)
                    {
                        if (market.HasSubscribers)
                        {
                            market.StepAndFlush(ms);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.Error(ex, "Simulated market failed");
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _clock.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}
