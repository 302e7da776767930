using System.CommandLine;
using System.CommandLine.Parsing;
using L2Rec.Recording;
using L2Rec.Simulation;
using Serilog;

namespace L2Rec.Cli;

/// <summary>
/// <c>l2rec simulate</c>: a built-in exchange on 127.0.0.1 (Kraken v2, Binance spot or USD-M: WebSocket and REST on one
/// port), for machines with no internet and for tests.
/// </summary>
public static class SimulateCommand
{
    public static readonly Option<string> Exchange = new("--exchange")
    {
        Description = "Exchange to be: kraken (WebSocket v2), binance (spot) or binance-usdm (USD-M futures); Binance serves its REST endpoints on the same port.",
        DefaultValueFactory = _ => SimulatedExchanges.Kraken,
        CustomParser = OptionValue.OneOf("--exchange", [.. SimulatedExchanges.Names]),
    };

    public static readonly Option<int> Port = new("--port")
    {
        Description = "TCP port on 127.0.0.1; 0 picks a free one. The WebSocket endpoint is printed on stdout (Binance: the REST endpoint on a second line).",
        DefaultValueFactory = _ => 8765,
        CustomParser = OptionValue.Integer("--port", "0 (any free port) to 65535", port => port is >= 0 and <= 65535),
    };

    public static readonly Option<string[]> Symbol = new("--symbol", "-s")
    {
        Description = "Symbol(s) to list and serve as the exchange names them: kraken BASE/QUOTE (BTC/USD), binance BTCUSDT (BTC/USDT is read as BTCUSDT); repeat or comma list. Default: BTC/USD on kraken, BTCUSDT on binance. Kraken refuses any other pair; Binance acknowledges other streams and sends nothing on them.",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = ParseSymbols,
    };

    public static readonly Option<double> Rate = new("--rate")
    {
        Description = "Book updates per second per symbol; 0 = as fast as the client reads (benchmarks; Binance then sends every update as its own depth event).",
        DefaultValueFactory = _ => 20,
        CustomParser = OptionValue.Number("--rate", "0 (as fast as possible) or updates per second up to 1000000", 0, 1_000_000),
    };

    public static readonly Option<int?> Seed = new("--seed")
    {
        Description = "Seed for a repeatable stream. Default: random.",
        CustomParser = OptionValue.OptionalInteger("--seed", "a whole number (e.g. 42)"),
    };

    public static readonly Option<FaultSchedule?> DisconnectEvery = FaultOption("--disconnect-every", "End the connection (kraken: dropped without a close frame; binance: a close frame, as at its 24 h limit)");

    public static readonly Option<FaultSchedule?> StallAfter = FaultOption("--stall-after", "Go silent but keep the connection open: no data, no answers (0: at once)", allowZero: true);

    public static readonly Option<FaultSchedule?> DropEvery = FaultOption("--drop-every", "Lose a book message: on binance a depth event of each stream (a sequence break), on kraken an update (a later checksum fails)");

    public static readonly Option<FaultSchedule?> GarbageFrameEvery = FaultOption("--garbage-frame-every", "Send a frame that is not JSON");

    public static readonly Option<FaultSchedule?> BadChecksumEvery = FaultOption("--bad-checksum-every", "Kraken only: send a wrong checksum", only: SimulatedExchanges.Kraken);

    public static readonly Option<FaultSchedule?> ErrorFrameEvery = FaultOption("--error-frame-every", "Kraken only: send an error frame", only: SimulatedExchanges.Kraken);

    public static readonly Option<FaultSchedule?> StaleSnapshot = new("--stale-snapshot")
    {
        Description = "Binance only: REST depth answers a snapshot older than any stream (its lastUpdateId too old to join); alone every answer, with N every N-th, with a span the first after each span. Default: never.",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = Only(SimulatedExchanges.Binance, "--stale-snapshot", r =>
        {
            if (r.Tokens.Count == 0)
            {
                return new FaultSchedule(1, null);
            }

            string text = OptionValue.Text(r);
            if (FaultSchedule.TryParse(text, out FaultSchedule schedule) && schedule.Messages != 0)
            {
                return schedule;
            }

            r.AddError(OptionValue.Invalid("--stale-snapshot", text, "nothing (every depth answer), a count of at least 1 (every N-th) or a duration (30s, 2m)"));
            return (FaultSchedule?)null;
        }),
    };

    public static readonly Option<FaultSchedule?> RateLimitEvery = new("--rate-limit-every")
    {
        Description = "Binance only: answer a REST request 429 with Retry-After: 1, every N requests (a count: 5) or the first after each span (30s). Default: never (429 only past Binance's weight limit).",
        CustomParser = Only(SimulatedExchanges.Binance, "--rate-limit-every", r =>
        {
            string text = OptionValue.Text(r);
            if (FaultSchedule.TryParse(text, out FaultSchedule schedule) && schedule.Messages != 0)
            {
                return schedule;
            }

            r.AddError(OptionValue.Invalid("--rate-limit-every", text, "a request count of at least 1 (5) or a duration (30s, 2m)"));
            return (FaultSchedule?)null;
        }),
    };

    public static readonly Option<SimulatorDelisting?> Delist = new("--delist")
    {
        Description = "Kraken only: delist one of the served pairs this long after start, as an exchange does: an instrument update says so, its book stops and subscribing to it is refused (ETH/USD@30s). Default: never.",
        CustomParser = Only(SimulatedExchanges.Kraken, "--delist", r =>
        {
            string text = OptionValue.Text(r);
            int at = text.LastIndexOf('@');
            if (at > 0 && SymbolName.TryNormalize(text[..at], out string symbol) &&
                TimeSpanText.TryParse(text[(at + 1)..], TimeSpan.FromSeconds(1), out TimeSpan after) && after >= TimeSpan.Zero)
            {
                return new SimulatorDelisting(symbol, after);
            }

            r.AddError(OptionValue.Invalid("--delist", text, "a served pair and a time after start, SYMBOL@SPAN (ETH/USD@30s)"));
            return (SimulatorDelisting?)null;
        }),
    };

    public static readonly Option<FileInfo?> Replay = new("--replay")
    {
        Description = "Kraken only: serve recorded exchange messages (one JSON message per line) in order after the subscribe. Default: none.",
        CustomParser = Only(SimulatedExchanges.Kraken, "--replay", OptionValue.FilePath("--replay", "an existing file of recorded messages, one JSON message per line", mustExist: true)),
    };

    public static Command Create()
    {
        Command command = new("simulate", "Serve a built-in exchange on 127.0.0.1: Kraken v2 (default) or Binance spot/USD-M (WebSocket and REST on one port), with optional fault injection.")
        {
            Exchange, Port, Symbol, Rate, Seed, DisconnectEvery, StallAfter, DropEvery, GarbageFrameEvery, BadChecksumEvery, ErrorFrameEvery,
            StaleSnapshot, RateLimitEvery, Delist, Replay,
        };
        command.SetAction((parse, token) => RunAsync(
            new SimulatorOptions
            {
                Exchange = parse.GetValue(Exchange)!,
                Port = parse.GetValue(Port),
                Symbols = parse.GetValue(Symbol) ?? [DefaultSymbol(parse.GetValue(Exchange))],
                Rate = parse.GetValue(Rate),
                Seed = parse.GetValue(Seed),
                DisconnectEvery = parse.GetValue(DisconnectEvery),
                StallAfter = parse.GetValue(StallAfter),
                DropEvery = parse.GetValue(DropEvery),
                GarbageFrameEvery = parse.GetValue(GarbageFrameEvery),
                BadChecksumEvery = parse.GetValue(BadChecksumEvery),
                ErrorFrameEvery = parse.GetValue(ErrorFrameEvery),
                StaleSnapshotEvery = parse.GetValue(StaleSnapshot),
                RateLimitEvery = parse.GetValue(RateLimitEvery),
                ReplayFile = parse.GetValue(Replay)?.FullName,
                Delist = parse.GetValue(Delist),
            },
            parse.InvocationConfiguration.Output,
            TimeProvider.System,
            Log.Logger,
            token));
        return command;
    }

    /// <summary>
    /// Serves until <paramref name="stop"/>. The WebSocket endpoint goes to <paramref name="output"/> as the first line
    /// (what scripts and the integration tests read); an exchange with REST adds its REST endpoint as a second line.
    /// </summary>
    public static async Task<int> RunAsync(SimulatorOptions options, TextWriter output, TimeProvider time, ILogger log, CancellationToken stop)
    {
        SimulatorServer server;
        try
        {
            server = SimulatorServer.Start(options, time, log);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new L2RecException($"cannot listen on 127.0.0.1:{options.Port}: {ex.Message}", ExitCode.Failure);
        }

        await using (server.ConfigureAwait(false))
        {
            string endpoint = SimulatorServer.Text(server.Endpoint);
            await output.WriteLineAsync(endpoint).ConfigureAwait(false);
            if (server.RestEndpoint is { } rest)
            {
                await output.WriteLineAsync(SimulatorServer.Text(rest)).ConfigureAwait(false);
            }

            await output.FlushAsync(stop).ConfigureAwait(false);
            log.Information(
                "Simulating {Exchange} {Symbols:l} on {Endpoint}{Rest} at {Rate} updates/s per symbol",
                options.Exchange,
                string.Join(", ", options.Symbols),
                endpoint,
                server.RestEndpoint is { } r ? $" (REST {SimulatorServer.Text(r)})" : string.Empty,
                options.Rate);
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                log.Information("Simulator stopped after {Connections} connection(s)", server.ConnectionCount);
            }
        }

        return (int)ExitCode.Ok;
    }

    /// <summary>
    /// The --exchange given, read from its token (asking for its value would throw when it is wrong; its own parser
    /// reports that); kraken when absent or unknown.
    /// </summary>
    private static string ExchangeOf(SymbolResult result)
    {
        string? text = result.GetResult(Exchange)?.Tokens.FirstOrDefault()?.Value.Trim();
        return SimulatedExchanges.Names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) ?? SimulatedExchanges.Kraken;
    }

    private static string DefaultSymbol(string? exchange) => exchange is null or SimulatedExchanges.Kraken ? "BTC/USD" : "BTCUSDT";

    /// <summary>The symbols in the chosen exchange's spelling, upper-cased and de-duplicated.</summary>
    private static string[] ParseSymbols(ArgumentResult result)
    {
        string exchange = ExchangeOf(result);
        List<string> symbols = [];
        foreach (Token token in result.Tokens)
        {
            foreach (string part in token.Value.Split(','))
            {
                if (!SimulatedExchanges.TryNormalizeSymbol(exchange, part, out string symbol))
                {
                    result.AddError(OptionValue.Invalid("--symbol", part, $"{SimulatedExchanges.SymbolForm(exchange)}; repeat the option or use a comma list for several"));
                    return [];
                }

                if (!symbols.Contains(symbol))
                {
                    symbols.Add(symbol);
                }
            }
        }

        if (symbols.Count == 0)
        {
            result.AddError($"--symbol is required: give {SimulatedExchanges.SymbolForm(exchange)}.");
        }

        return [.. symbols];
    }

    /// <summary>
    /// A parser for an option one exchange alone has: a right value given with another --exchange is refused after the
    /// value itself is checked, so a wrong value is still named first.
    /// </summary>
    private static Func<ArgumentResult, T> Only<T>(string exchange, string name, Func<ArgumentResult, T> parse) => r =>
    {
        T value = parse(r);
        string chosen = ExchangeOf(r);
        bool kraken = exchange == SimulatedExchanges.Kraken;
        if (!r.Errors.Any() && (chosen == SimulatedExchanges.Kraken) != kraken)
        {
            r.AddError($"{name} does not apply to --exchange {chosen}: give it with {(kraken ? "--exchange kraken" : "--exchange binance or binance-usdm")}, or leave it out.");
        }

        return value;
    };

    private static Option<FaultSchedule?> FaultOption(string name, string what, bool allowZero = false, string? only = null) => new(name)
    {
        Description = $"{what}: after N book messages (a count: 500) or a span of connection time (30s, 2m), again and again. Default: never.",
        CustomParser = only is null ? ParseFault(name, allowZero) : Only(only, name, ParseFault(name, allowZero)),
    };

    private static Func<ArgumentResult, FaultSchedule?> ParseFault(string name, bool allowZero) => (ArgumentResult r) =>
        {
            string text = OptionValue.Text(r);
            if (FaultSchedule.TryParse(text, out FaultSchedule schedule) && (allowZero || schedule.Messages != 0))
            {
                return schedule;
            }

            r.AddError(OptionValue.Invalid(name, text, allowZero
                ? "0 (at once), a message count (500) or a duration (30s, 2m, 500ms)"
                : "a message count of at least 1 (500) or a duration (30s, 2m, 500ms)"));
            return null;
        };
}
