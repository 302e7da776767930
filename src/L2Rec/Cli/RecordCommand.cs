using System.CommandLine;
using System.Runtime.InteropServices;
using L2Rec.Analysis;
using L2Rec.Feeds;
using L2Rec.Exchanges;
using L2Rec.Recording;
using L2Rec.Simulation;
using L2Rec.Time;
using Serilog;

namespace L2Rec.Cli;

/// <summary><c>l2rec record</c>: the options, the factory, and a handler testable without parsing.</summary>
public static class RecordCommand
{
    public const int DefaultDepth = 10;

    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static readonly Option<string[]> Symbol = new("--symbol", "-s")
    {
        Description = "Instrument(s) to record as the exchange names them (kraken BTC/USD; binance BTCUSDT, or BTC/USDT), case-insensitive; checked against the exchange's instrument list before anything is written. Repeat it or give a comma list (BTC/USD,ETH/USD).",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = SymbolListParser.ParseAnyExchange,
    };

    public static readonly Option<TimeSpan?> Duration = new("--duration", "-d")
    {
        Description = "How long to record: hours as a plain number (24, 0.01 = 36 s), or 90s, 15m, 1.5h. Default: until stopped.",
        CustomParser = TimeSpanText.Parser("--duration", TimeSpan.FromHours(1), allowZero: false, "hours as a number > 0 (24, 0.5) or 90s, 15m, 1.5h"),
    };

    public static readonly Option<bool> NoResume = new("--no-resume")
    {
        Description = "Start today's file afresh; a non-empty existing file is kept as {name}.{yyyyMMddTHHmmssZ}.bak. Default: resume (append).",
    };

    public static readonly Option<DirectoryInfo?> DataDir = new("--data-dir")
    {
        Description = "Directory for the data files, created if missing. Default: data/l2_snapshots for kraken, data/l2_snapshots/{exchange} for every other exchange.",
        CustomParser = OptionValue.OptionalDirectoryPath("--data-dir", "a directory path"),
    };

    public static readonly Option<string> Exchange = new("--exchange")
    {
        Description = $"Exchange to record from: {string.Join(", ", ExchangeCatalog.Names)}.",
        DefaultValueFactory = _ => ExchangeCatalog.DefaultName,
        CustomParser = OptionValue.OneOf("--exchange", [.. ExchangeCatalog.Names]),
    };

    public static readonly Option<int> Depth = new("--depth")
    {
        Description = $"Levels per side written in each book line, as the exchange allows ({string.Join("; ", ExchangeCatalog.All.Select(e => $"{e.Name}: {e.DepthsAccepted}"))}).",
        DefaultValueFactory = _ => DefaultDepth,
        CustomParser = OptionValue.Integer("--depth", "a whole number from 1 to 1000 that the exchange accepts", depth => depth is >= 1 and <= 1000),
    };

    public static readonly Option<TimeSpan?> Interval = new("--interval")
    {
        Description = "One book line per symbol per interval, in whole milliseconds of at least 1 ms (1s, 250ms; a plain number is seconds); 0 = a line per book change. Default: 1s.",
        CustomParser = TimeSpanText.Parser(
            "--interval",
            TimeSpan.FromSeconds(1),
            allowZero: true,
            "0 (a line per change), or a whole number of milliseconds of at least 1 ms such as 1s, 250ms, 5m",
            // The files state the interval in whole milliseconds; a finer one would be written down as something else.
            span => span == TimeSpan.Zero || (span >= TimeSpan.FromMilliseconds(1) && span.Ticks % TimeSpan.TicksPerMillisecond == 0)),
    };

    public static readonly Option<Uri?> WsUrl = new("--ws-url")
    {
        Description = "Override the exchange's WebSocket endpoint (ws:// or wss://), e.g. a proxy or a simulator; stream paths are appended to it as to the public one. Default: the exchange's (kraken wss://ws.kraken.com/v2).",
        CustomParser = OptionValue.AbsoluteUri("--ws-url", "ws", "wss"),
    };

    public static readonly Option<Uri?> RestUrl = new("--rest-url")
    {
        Description = "Override the exchange's REST endpoint (http:// or https://) for instruments and snapshots; paths are appended to it as to the public one. Default: the exchange's (kraken needs none).",
        CustomParser = OptionValue.AbsoluteUri("--rest-url", "http", "https"),
    };

    public static readonly Option<bool> Simulate = new("--simulate")
    {
        Description = "Record from the built-in simulator of the chosen exchange, started in-process on a free 127.0.0.1 port (no internet needed). Default: off.",
    };

    public static Command Create()
    {
        Command command = new("record", "Record order books to one JSONL file per symbol and UTC day, resuming today's file.")
        {
            Symbol, Duration, NoResume, DataDir, Exchange, Depth, Interval, WsUrl, RestUrl, Simulate,
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(Simulate) is not null && r.GetValue(Simulate) && (r.GetResult(WsUrl) is not null || r.GetResult(RestUrl) is not null))
            {
                r.AddError("--simulate cannot be used with --ws-url or --rest-url: --simulate starts its own endpoints.");
                return;
            }

            // Symbols and depths are the exchange's: they can only be judged once --exchange is known.
            try
            {
                CheckForExchange(r);
            }
            catch (InvalidOperationException)
            {
                // An option's value did not parse; its own error says so, in the one line the user sees.
            }
        });
        command.SetAction((parse, token) => RunAsync(
            Arguments(parse),
            OffsetTimeProvider.FromEnvironment(),
            Log.Logger,
            token));
        return command;
    }

    private static void CheckForExchange(System.CommandLine.Parsing.CommandResult r)
    {
        if (r.GetResult(Symbol) is null)
        {
            return;
        }

        IExchange exchange = ExchangeCatalog.Find(r.GetValue(Exchange) ?? ExchangeCatalog.DefaultName)!;
        foreach (string symbol in r.GetValue(Symbol) ?? [])
        {
            if (!exchange.TryNormalizeSymbol(symbol, out _))
            {
                r.AddError(OptionValue.Invalid("--symbol", symbol, $"{exchange.SymbolForm}, as {exchange.Name} names its instruments"));
                return;
            }
        }

        // Validators see no default values: an absent --depth is the default one.
        int depth = r.GetResult(Depth) is null ? DefaultDepth : r.GetValue(Depth);
        if (!exchange.AcceptsDepth(depth))
        {
            r.AddError(OptionValue.Invalid("--depth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{exchange.DepthsAccepted} (what {exchange.Name} accepts)"));
        }
    }

    /// <summary>The parsed values as the handler takes them: symbols in the exchange's spelling, the data dir resolved.</summary>
    public static RecordArguments Arguments(ParseResult parse)
    {
        IExchange exchange = ExchangeCatalog.Find(parse.GetValue(Exchange) ?? ExchangeCatalog.DefaultName)!;
        string dataDirectory = parse.GetValue(DataDir)?.FullName
            ?? Path.GetFullPath(Path.Combine("data", "l2_snapshots", exchange.DataFolder));
        return new RecordArguments
        {
            Exchange = exchange.Name,
            Symbols = [.. parse.GetValue(Symbol)!.Select(s => exchange.TryNormalizeSymbol(s, out string name) ? name : s).Distinct(StringComparer.Ordinal)],
            Duration = parse.GetValue(Duration),
            Resume = !parse.GetValue(NoResume),
            DataDirectory = dataDirectory,
            Depth = parse.GetValue(Depth),
            Interval = parse.GetValue(Interval) ?? TimeSpan.FromSeconds(1),
            Endpoint = parse.GetValue(WsUrl),
            RestEndpoint = parse.GetValue(RestUrl),
            Simulate = parse.GetValue(Simulate),
        };
    }

    /// <summary>
    /// Refuses symbols the exchange does not list before any file exists (exit 2). False when stopped meanwhile. When the
    /// list cannot be read, records anyway: a refused symbol then ends alone, and an unreachable exchange is an outage.
    /// </summary>
    private static async Task<bool> CheckSymbolsAsync(IBookFeed feed, ILogger log, CancellationToken stop)
    {
        SymbolListing listing;
        try
        {
            listing = await feed.CheckSymbolsAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            log.Information("Stopped before recording started: nothing was written");
            return false;
        }

        if (!listing.IsChecked)
        {
            log.Warning("Could not check the symbols against {Exchange:l}'s instrument list ({Reason:l}); recording anyway", feed.Exchange, listing.UncheckedReason);
            return true;
        }

        if (listing.Unlisted.Count > 0)
        {
            string names = string.Join(", ", listing.Unlisted);
            throw new L2RecException(
                $"{feed.Exchange} does not list {names}: check the spelling against the exchange's own names (e.g. BTC/USD); nothing was recorded",
                ExitCode.Usage);
        }

        return true;
    }

    /// <summary>Records as the arguments say; returns the exit code.</summary>
    public static async Task<int> RunAsync(RecordArguments arguments, TimeProvider time, ILogger log, CancellationToken stop)
    {
        // Socket completions run inline on the epoll thread instead of hopping to the thread pool for every frame: the
        // recorder has one connection and a short, non-blocking per-frame path, and this halves its CPU per message
        // (docs/benchmarks.md). Read once when the first socket is made, so it must be set before any.
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }

        // nohup and closed terminals send SIGHUP: the recording must not notice.
        using PosixSignalRegistration hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => context.Cancel = true);
        SimulatorServer? simulator = null;
        try
        {
            IExchange exchange = ExchangeCatalog.Find(arguments.Exchange)
                ?? throw new L2RecException($"--exchange '{arguments.Exchange}' is not valid: give {string.Join(", ", ExchangeCatalog.Names)}.", ExitCode.Usage);
            Uri endpoint = arguments.Endpoint ?? exchange.WebSocketEndpoint;
            Uri? restEndpoint = arguments.RestEndpoint ?? exchange.RestEndpoint;
            if (arguments.Simulate)
            {
                simulator = SimulatorServer.Start(new SimulatorOptions { Exchange = exchange.Name, Symbols = arguments.Symbols }, time, log);
                endpoint = simulator.Endpoint;
                restEndpoint = simulator.RestEndpoint ?? restEndpoint;
                log.Information("Simulator ({Exchange:l}) listening on {Endpoint:l}", exchange.Name, endpoint.ToString());
            }

            IBookFeed feed = exchange.CreateFeed(
                new FeedRequest { Symbols = arguments.Symbols, Depth = arguments.Depth, WebSocketEndpoint = endpoint, RestEndpoint = restEndpoint },
                time,
                log);
            if (!await CheckSymbolsAsync(feed, log, stop).ConfigureAwait(false))
            {
                return (int)ExitCode.Ok;
            }

            RecorderSession session = new(
                new RecorderOptions
                {
                    DataDirectory = arguments.DataDirectory,
                    Symbols = arguments.Symbols,
                    Depth = arguments.Depth,
                    Interval = arguments.Interval,
                    Duration = arguments.Duration,
                    Resume = arguments.Resume,
                },
                feed,
                time,
                log);
            log.Information(
                "Recording {Exchange:l} {Symbols:l} from {Endpoint:l} at depth {Depth}, {Duration:l}",
                exchange.Name,
                string.Join(", ", arguments.Symbols),
                endpoint.ToString(),
                arguments.Depth,
                arguments.Duration is TimeSpan d ? $"for {DurationText.Short(d)}" : "until stopped");
            SessionSummary summary = await session.RunAsync(stop).ConfigureAwait(false);
            log.Information("Stopped ({Reason:l}): {Snapshots} snapshots in {Files:l}", summary.Reason.ToString(), summary.Snapshots, string.Join(", ", summary.Files.Select(Path.GetFileName)));
            if (summary.Reason == SessionEndReason.Delisted)
            {
                throw new L2RecException($"every symbol's recording ended: {string.Join("; ", summary.Ended)}", ExitCode.Failure);
            }

            if (summary.Reason == SessionEndReason.Duration && summary.Snapshots == 0)
            {
                // A run that wrote no book must not look like a success to the script or unit that started it.
                string why = summary.UnresolvedOutage ?? "no verified book arrived";
                throw new L2RecException($"no book was recorded in {DurationText.Short(arguments.Duration!.Value)}: {why}", ExitCode.Failure);
            }

            return (int)ExitCode.Ok;
        }
        catch (FileLockedException ex)
        {
            throw new L2RecException(ex.Message, ExitCode.Locked);
        }
        catch (SessionFileMismatchException ex)
        {
            throw new L2RecException(ex.Message, ExitCode.Usage);
        }
        catch (RecordingWriteException ex)
        {
            string message = ex.FileEndsOnWholeLine ? ex.Message + " (the file ends on a whole line; restart to resume it)" : ex.Message;
            throw new L2RecException(message, ex.UnusableDataDirectory ? ExitCode.Usage : ExitCode.Failure);
        }
        catch (FeedFatalException ex)
        {
            throw new L2RecException(ex.Message, ExitCode.Failure);
        }
        finally
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
