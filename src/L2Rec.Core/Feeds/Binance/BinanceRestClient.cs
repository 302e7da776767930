using System.Globalization;
using System.Net;
using System.Text.Json;
using Serilog;

namespace L2Rec.Feeds.Binance;

/// <summary>How a REST request ended.</summary>
internal enum RestOutcome
{
    Ok,

    /// <summary>429 or 418: every request now waits for <c>Retry-After</c>.</summary>
    Throttled,

    /// <summary>Binance answered with an error body (<c>{"code":-1121,"msg":"Invalid symbol."}</c>) or another status.</summary>
    Refused,

    /// <summary>No answer: the network, a timeout.</summary>
    Failed,

    /// <summary>Not sent: an optional request (an audit) while weight is scarce.</summary>
    Skipped,
}

internal sealed record RestResponse(RestOutcome Outcome, int Status, long Code, string Detail, byte[]? Body)
{
    /// <summary>Binance's error code for a symbol it does not know.</summary>
    public const long InvalidSymbol = -1121;
}

/// <summary>
/// Binance REST through one <see cref="HttpClient"/>, one request at a time, obeying the exchange's limits: the
/// request weight used this minute (<c>X-MBX-USED-WEIGHT-1M</c>, read from every answer) is kept under a share of the
/// market's budget by waiting for the next minute; a 429 or 418 blocks every request for its <c>Retry-After</c>;
/// optional requests (audits) are skipped instead of waited for when weight is scarce.
/// </summary>
internal sealed class BinanceRestClient : IDisposable
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly BinanceFeedOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private DateTimeOffset _blockedUntil;
    private int _usedWeight;
    private DateTimeOffset _usedWeightAt;

    public BinanceRestClient(BinanceFeedOptions options, TimeProvider time, ILogger log)
    {
        _options = options;
        _time = time;
        _log = log;
        HttpMessageHandler handler = options.HttpHandler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        };

        // The timeout is ours (on the TimeProvider), per request.
        _http = new HttpClient(handler, disposeHandler: options.HttpHandler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The weight Binance last reported used in the current minute.</summary>
    public int UsedWeight => Volatile.Read(ref _usedWeight);

    /// <summary>Times a request waited for the weight budget or a <c>Retry-After</c>.</summary>
    public int Waits { get; private set; }

    /// <summary>Until when every request waits (a 429/418's <c>Retry-After</c>).</summary>
    public DateTimeOffset BlockedUntil => _blockedUntil;

    /// <summary>True when weight is scarce: optional requests would be skipped.</summary>
    public bool WeightScarce => UsedInMinute(_time.GetUtcNow()) > _options.Market.WeightPerMinute * _options.AuditWeightCeiling;

    public Uri ResourceUri(string path, string query)
    {
        string root = _options.RestEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(query.Length == 0 ? root + path : $"{root}{path}?{query}");
    }

    /// <summary>
    /// Sends a GET once the limits allow it. <paramref name="optional"/> requests are skipped rather than delayed when
    /// weight is scarce. Never throws but for cancellation.
    /// </summary>
    public async Task<RestResponse> GetAsync(Uri uri, int weight, bool optional, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                DateTimeOffset now = _time.GetUtcNow();
                if (now < _blockedUntil)
                {
                    if (optional)
                    {
                        return new RestResponse(RestOutcome.Skipped, 0, 0, "rate limited", null);
                    }

                    Waits++;
                    await Task.Delay(_blockedUntil - now, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                int budget = _options.Market.WeightPerMinute;
                int used = UsedInMinute(now);
                if (optional && used + weight > budget * _options.AuditWeightCeiling)
                {
                    return new RestResponse(RestOutcome.Skipped, 0, 0, $"weight {used} of {budget} used", null);
                }

                if (used + weight > budget * _options.WeightCeiling)
                {
                    // Binance counts weight per minute: wait for the next one (a second late, for clock skew).
                    TimeSpan wait = NextMinute(now) - now + TimeSpan.FromSeconds(1);
                    Waits++;
                    _log.Information("REST weight {Used} of {Budget} used this minute; waiting {Wait:0.0} s", used, budget, wait.TotalSeconds);
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                break;
            }

            return await SendAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<RestResponse> SendAsync(Uri uri, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = new(_options.RequestTimeout, _time);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using HttpResponseMessage response = await _http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            DateTimeOffset now = _time.GetUtcNow();
            if (response.Headers.TryGetValues("X-MBX-USED-WEIGHT-1M", out IEnumerable<string>? values)
                && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out int used))
            {
                Volatile.Write(ref _usedWeight, used);
                _usedWeightAt = now;
            }

            int status = (int)response.StatusCode;
            if (status is 429 or 418)
            {
                TimeSpan retryAfter = response.Headers.RetryAfter?.Delta
                    ?? (response.Headers.RetryAfter?.Date is DateTimeOffset date ? date - now : DefaultRetryAfter);
                retryAfter = retryAfter > TimeSpan.Zero ? retryAfter : DefaultRetryAfter;
                _blockedUntil = now + retryAfter;
                if (status == 418)
                {
                    _log.Error("Binance banned this IP for {Seconds:0} s (HTTP 418); every request waits", retryAfter.TotalSeconds);
                }
                else
                {
                    _log.Warning("Binance rate limit hit (HTTP 429); every request waits {Seconds:0} s", retryAfter.TotalSeconds);
                }

                return new RestResponse(RestOutcome.Throttled, status, 0, $"HTTP {status}, retry after {retryAfter.TotalSeconds:0} s", null);
            }

            byte[] body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return new RestResponse(RestOutcome.Ok, status, 0, string.Empty, body);
            }

            (long code, string message) = ErrorOf(body);
            return new RestResponse(RestOutcome.Refused, status, code, $"HTTP {status}{(code != 0 ? $" {code}" : string.Empty)} {message}".TrimEnd(), body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RestResponse(RestOutcome.Failed, 0, 0, $"{uri.GetLeftPart(UriPartial.Path)}: no answer within {_options.RequestTimeout.TotalSeconds:0} s", null);
        }
        catch (HttpRequestException ex)
        {
            return new RestResponse(RestOutcome.Failed, 0, 0, $"{uri.GetLeftPart(UriPartial.Path)}: {Healing.FeedConnectionRunner.Innermost(ex)}", null);
        }
    }

    private int UsedInMinute(DateTimeOffset now) =>
        _usedWeightAt != default && NextMinute(_usedWeightAt) > now ? Volatile.Read(ref _usedWeight) : 0;

    private static DateTimeOffset NextMinute(DateTimeOffset time) =>
        new DateTimeOffset(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);

    private static (long Code, string Message) ErrorOf(byte[] body)
    {
        try
        {
            Utf8JsonReader reader = new(body);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            long code = root.TryGetProperty("code", out JsonElement c) && c.TryGetInt64(out long n) ? n : 0;
            string message = root.TryGetProperty("msg", out JsonElement m) ? m.GetString() ?? string.Empty : string.Empty;
            return (code, message);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (0, string.Empty);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _oneAtATime.Dispose();
    }
}
