using System.CommandLine;
using System.Runtime.InteropServices;
using L2Rec.Analysis;
using L2Rec.Feeds;
using L2Rec.Feeds.Kraken;
using L2Rec.Recording;
using L2Rec.Simulation;
using L2Rec.Time;
using Serilog;

namespace L2Rec.Cli;

/// <summary><c>l2rec record</c>: the options, the factory, and a handler testable without parsing.</summary>
public static class RecordCommand
{
    public static readonly int[] KrakenDepths = [10, 25, 100, 500, 1000];

    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static readonly Option<string[]> Symbol = new("--symbol", "-s")
    {
        Description = $"Pair(s) to record as the exchange's WebSocket API names them, {SymbolName.AcceptedForm}; checked against the exchange's instrument list before anything is written. Repeat it or give a comma list (BTC/USD,ETH/USD).",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = SymbolListParser.Parse,
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

    public static readonly Option<DirectoryInfo> DataDir = new("--data-dir")
    {
        Description = "Directory for the data files, created if missing.",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("data", "l2_snapshots")),
        CustomParser = OptionValue.DirectoryPath("--data-dir", "a directory path"),
    };

    public static readonly Option<string> Exchange = new("--exchange")
    {
        Description = "Exchange to record from: kraken.",
        DefaultValueFactory = _ => "kraken",
        CustomParser = OptionValue.OneOf("--exchange", "kraken"),
    };

    public static readonly Option<int> Depth = new("--depth")
    {
        Description = "Levels per side: 10, 25, 100, 500 or 1000 (what Kraken accepts).",
        DefaultValueFactory = _ => 10,
        CustomParser = OptionValue.Integer("--depth", "10, 25, 100, 500 or 1000 (what Kraken accepts)", KrakenDepths.Contains),
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
        Description = "Override the exchange's WebSocket endpoint (ws:// or wss://), e.g. a proxy or a simulator. Default: wss://ws.kraken.com/v2.",
        CustomParser = r =>
        {
            string text = OptionValue.Text(r);
            if (Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.Scheme is "ws" or "wss")
            {
                return uri;
            }

            r.AddError(OptionValue.Invalid("--ws-url", text, "an absolute ws:// or wss:// URL"));
            return null;
        },
    };

    public static readonly Option<bool> Simulate = new("--simulate")
    {
        Description = "Record from the built-in Kraken simulator, started in-process on a free 127.0.0.1 port (no internet needed). Default: off.",
    };

    public static Command Create()
    {
        Command command = new("record", "Record order books to one JSONL file per symbol and UTC day, resuming today's file.")
        {
            Symbol, Duration, NoResume, DataDir, Exchange, Depth, Interval, WsUrl, Simulate,
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(Simulate) is not null && r.GetValue(Simulate) && r.GetResult(WsUrl) is not null)
            {
                r.AddError("--simulate and --ws-url cannot be used together: --simulate starts its own endpoint.");
            }
        });
        command.SetAction((parse, token) => RunAsync(
            new RecordArguments
            {
                Symbols = parse.GetValue(Symbol)!,
                Duration = parse.GetValue(Duration),
                Resume = !parse.GetValue(NoResume),
                DataDirectory = parse.GetValue(DataDir)!.FullName,
                Depth = parse.GetValue(Depth),
                Interval = parse.GetValue(Interval) ?? TimeSpan.FromSeconds(1),
                Endpoint = parse.GetValue(WsUrl),
                Simulate = parse.GetValue(Simulate),
            },
            OffsetTimeProvider.FromEnvironment(),
            Log.Logger,
            token));
        return command;
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
            Uri endpoint = arguments.Endpoint ?? KrakenFeedOptions.PublicEndpoint;
            if (arguments.Simulate)
            {
                simulator = SimulatorServer.Start(new SimulatorOptions { Symbols = arguments.Symbols }, time, log);
                endpoint = simulator.Endpoint;
                log.Information("Simulator listening on {Endpoint}", endpoint);
            }

            KrakenFeed feed = new(
                new KrakenFeedOptions { Symbols = arguments.Symbols, Depth = arguments.Depth, Endpoint = endpoint },
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
                "Recording {Symbols:l} from {Endpoint} at depth {Depth}, {Duration:l}",
                string.Join(", ", arguments.Symbols),
                endpoint,
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
