using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using L2Rec.Books;
using L2Rec.Simulation.Http;

namespace L2Rec.Simulation.Binance;

/// <summary>
/// Binance's REST side as the recorder uses it: <c>ping</c>, <c>time</c>, <c>exchangeInfo</c> and <c>depth</c> under
/// <c>/api/v3</c> (spot) or <c>/fapi/v1</c> (USD-M), with Binance's request weights counted per UTC minute for the whole
/// server and reported in <c>X-MBX-USED-WEIGHT-1M</c> on every answer, its 400 error bodies, and 429 with
/// <c>Retry-After</c> past the limit (or when <c>--rate-limit-every</c> says so).
/// </summary>
internal sealed class BinanceRest(BinanceSimulator exchange)
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = false };

    private readonly BinanceVariant _variant = exchange.Variant;
    private readonly SimulatorOptions _options = exchange.Options;
    private readonly TimeProvider _time = exchange.Time;
    private readonly Lock _sync = new();
    private readonly long _started = exchange.Time.GetTimestamp();
    private long _minute = -1;
    private int _used;
    private long _requests;
    private long _depthAnswers;
    private long _lastRateLimit = exchange.Time.GetTimestamp();
    private long _lastStale = exchange.Time.GetTimestamp();

    public HttpReply Answer(HttpRequestHead request)
    {
        string prefix = _variant.RestPrefix + "/";
        string resource = request.Path.StartsWith(prefix, StringComparison.Ordinal) ? request.Path[prefix.Length..] : string.Empty;
        if (resource is not ("ping" or "time" or "exchangeInfo" or "depth"))
        {
            return new HttpReply(404, "Not Found", "<html><body><h2>404 Not found</h2></body></html>"u8.ToArray(), "text/html");
        }

        if (request.Method != "GET")
        {
            return Reply(405, "Method Not Allowed", Error(-1000, $"Unsupported method {request.Method}."), Used());
        }

        DateTimeOffset now = _time.GetUtcNow();
        int weight;
        int used;
        lock (_sync)
        {
            _requests++;
            if (_options.RateLimitEvery is FaultSchedule every &&
                (every.Messages is long n ? n > 0 && _requests % n == 0 : every.IsDue(0, _time.GetElapsedTime(_lastRateLimit))))
            {
                _lastRateLimit = _time.GetTimestamp();
                return TooMany(UsedLocked(now), retryAfter: 1);
            }

            weight = resource switch
            {
                "exchangeInfo" => _variant.ExchangeInfoWeight,
                "depth" => _variant.DepthLimit(request.Parameter("limit")).Weight,
                _ => 1,
            };
            used = UsedLocked(now) + weight;
            _used = used;
        }

        if (used > _variant.WeightLimit)
        {
            return TooMany(used, retryAfter: 60 - (int)(now.ToUnixTimeSeconds() % 60));
        }

        return resource switch
        {
            "ping" => Reply(200, "OK", "{}"u8.ToArray(), used),
            "time" => Reply(200, "OK", Encoding.ASCII.GetBytes($"{{\"serverTime\":{now.ToUnixTimeMilliseconds()}}}"), used),
            "exchangeInfo" => ExchangeInfo(request, now, used),
            _ => Depth(request, now, used),
        };
    }

    private HttpReply Depth(HttpRequestHead request, DateTimeOffset now, int used)
    {
        string? symbol = request.Parameter("symbol");
        if (string.IsNullOrEmpty(symbol))
        {
            return Reply(400, "Bad Request", Error(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."), used);
        }

        if (Resolve(symbol, used) is { } refused)
        {
            return refused;
        }

        (int levels, _, int code, string? message) = _variant.DepthLimit(request.Parameter("limit"));
        if (message is not null)
        {
            return Reply(400, "Bad Request", Error(code, message), used);
        }

        if (!exchange.Markets.TryGetValue(Normalize(symbol), out BinanceMarket? market))
        {
            return Reply(400, "Bad Request", Error(-1121, "Invalid symbol."), used);
        }

        bool stale;
        lock (_sync)
        {
            _depthAnswers++;
            stale = _options.StaleSnapshotEvery is FaultSchedule every &&
                    (every.Messages is long n ? n > 0 && _depthAnswers % n == 0 : every.IsDue(0, _time.GetElapsedTime(_lastStale)));
            if (stale)
            {
                _lastStale = _time.GetTimestamp();
            }
        }

        return Reply(200, "OK", market.Snapshot(levels, stale, now.ToUnixTimeMilliseconds()), used);
    }

    private HttpReply ExchangeInfo(HttpRequestHead request, DateTimeOffset now, int used)
    {
        // USD-M's exchangeInfo takes no parameters and always lists everything; spot narrows to symbol= or symbols=[..].
        List<BinanceMarket> listed = [.. exchange.Markets.Values];
        if (!_variant.IsFutures)
        {
            if (request.Parameter("symbol") is { } one)
            {
                if (Resolve(one, used) is { } refused)
                {
                    return refused;
                }

                listed = [exchange.Markets[one]];
            }
            else if (request.Parameter("symbols") is { } many)
            {
                List<string> names;
                try
                {
                    names = JsonSerializer.Deserialize(many, BinanceJsonContext.Default.ListString) ?? [];
                }
                catch (JsonException)
                {
                    return Reply(400, "Bad Request", Error(-1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'."), used);
                }

                listed = [];
                foreach (string name in names)
                {
                    if (Resolve(name, used) is { } refused)
                    {
                        return refused;
                    }

                    listed.Add(exchange.Markets[name]);
                }
            }
        }

        ArrayBufferWriter<byte> buffer = new(4096);
        using (Utf8JsonWriter w = new(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("timezone"u8, "UTC"u8);
            w.WriteNumber("serverTime"u8, now.ToUnixTimeMilliseconds());
            if (_variant.IsFutures)
            {
                w.WriteString("futuresType"u8, "U_MARGINED"u8);
            }

            w.WriteStartArray("rateLimits"u8);
            RateLimit(w, "REQUEST_WEIGHT", "MINUTE", 1, _variant.WeightLimit);
            if (_variant.IsFutures)
            {
                RateLimit(w, "ORDERS", "MINUTE", 1, 1200);
                RateLimit(w, "ORDERS", "SECOND", 10, 300);
            }
            else
            {
                RateLimit(w, "ORDERS", "SECOND", 10, 100);
                RateLimit(w, "ORDERS", "DAY", 1, 200000);
                RateLimit(w, "RAW_REQUESTS", "MINUTE", 5, 61000);
            }

            w.WriteEndArray();
            w.WriteStartArray("exchangeFilters"u8);
            w.WriteEndArray();
            w.WriteStartArray("symbols"u8);
            foreach (BinanceMarket market in listed)
            {
                if (_variant.IsFutures)
                {
                    WriteFuturesSymbol(w, market.Instrument);
                }
                else
                {
                    WriteSpotSymbol(w, market.Instrument);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Reply(200, "OK", buffer.WrittenSpan.ToArray(), used);
    }

    private static void RateLimit(Utf8JsonWriter w, string type, string interval, int number, int limit)
    {
        w.WriteStartObject();
        w.WriteString("rateLimitType"u8, type);
        w.WriteString("interval"u8, interval);
        w.WriteNumber("intervalNum"u8, number);
        w.WriteNumber("limit"u8, limit);
        w.WriteEndObject();
    }

    private static void WriteSpotSymbol(Utf8JsonWriter w, BinanceInstrument i)
    {
        w.WriteStartObject();
        w.WriteString("symbol"u8, i.Symbol);
        w.WriteString("status"u8, "TRADING"u8);
        w.WriteString("baseAsset"u8, i.BaseAsset);
        w.WriteNumber("baseAssetPrecision"u8, 8);
        w.WriteString("quoteAsset"u8, i.QuoteAsset);
        w.WriteNumber("quotePrecision"u8, 8);
        w.WriteNumber("quoteAssetPrecision"u8, 8);
        w.WriteNumber("baseCommissionPrecision"u8, 8);
        w.WriteNumber("quoteCommissionPrecision"u8, 8);
        WriteStrings(w, "orderTypes"u8, "LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT");
        w.WriteBoolean("icebergAllowed"u8, true);
        w.WriteBoolean("ocoAllowed"u8, true);
        w.WriteBoolean("otoAllowed"u8, true);
        w.WriteBoolean("quoteOrderQtyMarketAllowed"u8, true);
        w.WriteBoolean("allowTrailingStop"u8, true);
        w.WriteBoolean("cancelReplaceAllowed"u8, true);
        w.WriteBoolean("isSpotTradingAllowed"u8, true);
        w.WriteBoolean("isMarginTradingAllowed"u8, true);
        w.WriteStartArray("filters"u8);
        w.WriteStartObject();
        w.WriteString("filterType"u8, "PRICE_FILTER"u8);
        w.WriteString("minPrice"u8, Text(1, i.TickScale, 8));
        w.WriteString("maxPrice"u8, Text(1_000_000, 0, 8));
        w.WriteString("tickSize"u8, Text(1, i.TickScale, 8));
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("filterType"u8, "LOT_SIZE"u8);
        w.WriteString("minQty"u8, Text(1, i.StepScale, 8));
        w.WriteString("maxQty"u8, Text(9000, 0, 8));
        w.WriteString("stepSize"u8, Text(1, i.StepScale, 8));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("permissions"u8);
        w.WriteEndArray();
        w.WriteStartArray("permissionSets"u8);
        WriteStrings(w, default, "SPOT", "MARGIN");
        w.WriteEndArray();
        w.WriteString("defaultSelfTradePreventionMode"u8, "EXPIRE_MAKER"u8);
        WriteStrings(w, "allowedSelfTradePreventionModes"u8, "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH");
        w.WriteEndObject();
    }

    private static void WriteFuturesSymbol(Utf8JsonWriter w, BinanceInstrument i)
    {
        w.WriteStartObject();
        w.WriteString("symbol"u8, i.Symbol);
        w.WriteString("pair"u8, i.Symbol);
        w.WriteString("contractType"u8, "PERPETUAL"u8);
        w.WriteNumber("deliveryDate"u8, 4133404800000);
        w.WriteNumber("onboardDate"u8, 1569398400000);
        w.WriteString("status"u8, "TRADING"u8);
        w.WriteString("maintMarginPercent"u8, "2.5000"u8);
        w.WriteString("requiredMarginPercent"u8, "5.0000"u8);
        w.WriteString("baseAsset"u8, i.BaseAsset);
        w.WriteString("quoteAsset"u8, i.QuoteAsset);
        w.WriteString("marginAsset"u8, i.QuoteAsset);
        w.WriteNumber("pricePrecision"u8, i.PricePrecision);
        w.WriteNumber("quantityPrecision"u8, i.QuantityPrecision);
        w.WriteNumber("baseAssetPrecision"u8, 8);
        w.WriteNumber("quotePrecision"u8, 8);
        w.WriteString("underlyingType"u8, "COIN"u8);
        w.WriteStartArray("underlyingSubType"u8);
        w.WriteEndArray();
        w.WriteNumber("settlePlan"u8, 0);
        w.WriteString("triggerProtect"u8, "0.0500"u8);
        w.WriteString("liquidationFee"u8, "0.012500"u8);
        w.WriteString("marketTakeBound"u8, "0.05"u8);
        w.WriteNumber("maxMoveOrderLimit"u8, 10000);
        w.WriteStartArray("filters"u8);
        w.WriteStartObject();
        w.WriteString("filterType"u8, "PRICE_FILTER"u8);
        w.WriteString("minPrice"u8, Text(1, i.TickScale, i.PricePrecision));
        w.WriteString("maxPrice"u8, Text(1_000_000, 0, 0));
        w.WriteString("tickSize"u8, Text(1, i.TickScale, i.PricePrecision));
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("filterType"u8, "LOT_SIZE"u8);
        w.WriteString("minQty"u8, Text(1, i.StepScale, i.QuantityPrecision));
        w.WriteString("maxQty"u8, Text(1000, 0, 0));
        w.WriteString("stepSize"u8, Text(1, i.StepScale, i.QuantityPrecision));
        w.WriteEndObject();
        w.WriteEndArray();
        WriteStrings(w, "orderTypes"u8, "LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET");
        WriteStrings(w, "timeInForce"u8, "GTC", "IOC", "FOK", "GTX", "GTD");
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, ReadOnlySpan<byte> name, params string[] values)
    {
        if (name.IsEmpty)
        {
            w.WriteStartArray();
        }
        else
        {
            w.WriteStartArray(name);
        }

        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static string Text(long units, int scale, int wireScale) => new FixedDecimal(units, scale).PadTo(wireScale).ToString();

    /// <summary>Null when the symbol is listed; else the 400 Binance answers (spot refuses lower case outright).</summary>
    private HttpReply? Resolve(string symbol, int used)
    {
        if (!_variant.IsFutures && symbol.Any(char.IsAsciiLetterLower))
        {
            return Reply(400, "Bad Request", Error(-1100, "Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'."), used);
        }

        return exchange.Markets.ContainsKey(Normalize(symbol)) ? null : Reply(400, "Bad Request", Error(-1121, "Invalid symbol."), used);
    }

    // USD-M takes a symbol in any case and answers in upper case.
    private string Normalize(string symbol) => _variant.IsFutures ? symbol.ToUpperInvariant() : symbol;

    private int Used()
    {
        lock (_sync)
        {
            return UsedLocked(_time.GetUtcNow());
        }
    }

    /// <summary>Weight used in the current UTC minute (Binance's window is the clock minute, not a sliding one).</summary>
    private int UsedLocked(DateTimeOffset now)
    {
        long minute = now.ToUnixTimeSeconds() / 60;
        if (minute != _minute)
        {
            _minute = minute;
            _used = 0;
        }

        return _used;
    }

    private HttpReply TooMany(int used, int retryAfter) =>
        Reply(429, "Too Many Requests", Error(-1003, $"Too much request weight used; current limit is {_variant.WeightLimit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API."), used) with
        {
            Headers = [.. WeightHeaders(used), new("Retry-After", Math.Max(retryAfter, 1).ToString(CultureInfo.InvariantCulture))],
        };

    private HttpReply Reply(int status, string reason, byte[] body, int used) => new(status, reason, body) { Headers = WeightHeaders(used) };

    private KeyValuePair<string, string>[] WeightHeaders(int used)
    {
        string text = used.ToString(CultureInfo.InvariantCulture);
        return _variant.IsFutures ? [new("X-MBX-USED-WEIGHT-1M", text)] : [new("X-MBX-USED-WEIGHT", text), new("X-MBX-USED-WEIGHT-1M", text)];
    }

    private static byte[] Error(int code, string message)
    {
        ArrayBufferWriter<byte> buffer = new(256);
        using (Utf8JsonWriter w = new(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("code"u8, code);
            w.WriteString("msg"u8, message);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
