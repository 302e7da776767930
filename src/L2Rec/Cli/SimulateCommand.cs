using System.CommandLine;
using System.CommandLine.Parsing;
using L2Rec.Recording;
using L2Rec.Simulation;
using Serilog;

namespace L2Rec.Cli;

/// <summary><c>l2rec simulate</c>: the built-in Kraken v2 exchange on 127.0.0.1, for machines with no internet and for tests.</summary>
public static class SimulateCommand
{
    public static readonly Option<int> Port = new("--port")
    {
        Description = "TCP port on 127.0.0.1; 0 picks a free one. The endpoint is printed on stdout.",
        DefaultValueFactory = _ => 8765,
        CustomParser = OptionValue.Integer("--port", "0 (any free port) to 65535", port => port is >= 0 and <= 65535),
    };

    public static readonly Option<string[]> Symbol = new("--symbol", "-s")
    {
        Description = "Pair(s) to list and serve, BASE/QUOTE; repeat or comma list. A subscription to any other pair is refused.",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = SymbolListParser.Parse,
        DefaultValueFactory = _ => ["BTC/USD"],
    };

    public static readonly Option<double> Rate = new("--rate")
    {
        Description = "Book updates per second per symbol; 0 = as fast as the client reads (benchmarks).",
        DefaultValueFactory = _ => 20,
        CustomParser = OptionValue.Number("--rate", "0 (as fast as possible) or updates per second up to 1000000", 0, 1_000_000),
    };

    public static readonly Option<int?> Seed = new("--seed")
    {
        Description = "Seed for a repeatable stream. Default: random.",
        CustomParser = OptionValue.OptionalInteger("--seed", "a whole number (e.g. 42)"),
    };

    public static readonly Option<FaultSchedule?> DisconnectEvery = FaultOption("--disconnect-every", "Drop the connection (no close frame)");

    public static readonly Option<FaultSchedule?> StallAfter = FaultOption("--stall-after", "Go silent but keep the connection open (0: right after the status frame)", allowZero: true);

    public static readonly Option<FaultSchedule?> BadChecksumEvery = FaultOption("--bad-checksum-every", "Send a wrong checksum");

    public static readonly Option<FaultSchedule?> ErrorFrameEvery = FaultOption("--error-frame-every", "Send an error frame");

    public static readonly Option<FaultSchedule?> GarbageFrameEvery = FaultOption("--garbage-frame-every", "Send a frame that is not JSON");

    public static readonly Option<SimulatorDelisting?> Delist = new("--delist")
    {
        Description = "Delist one of the served pairs this long after start, as an exchange does: an instrument update says so, its book stops and subscribing to it is refused (ETH/USD@30s). Default: never.",
        CustomParser = r =>
        {
            string text = OptionValue.Text(r);
            int at = text.LastIndexOf('@');
            if (at > 0 && SymbolName.TryNormalize(text[..at], out string symbol) &&
                TimeSpanText.TryParse(text[(at + 1)..], TimeSpan.FromSeconds(1), out TimeSpan after) && after >= TimeSpan.Zero)
            {
                return new SimulatorDelisting(symbol, after);
            }

            r.AddError(OptionValue.Invalid("--delist", text, "a served pair and a time after start, SYMBOL@SPAN (ETH/USD@30s)"));
            return null;
        },
    };

    public static readonly Option<FileInfo?> Replay = new("--replay")
    {
        Description = "Serve recorded exchange messages (one JSON message per line) in order after the subscribe. Default: none.",
        CustomParser = OptionValue.FilePath("--replay", "an existing file of recorded messages, one JSON message per line", mustExist: true),
    };

    public static Command Create()
    {
        Command command = new("simulate", "Serve a Kraken-v2-compatible order book stream on 127.0.0.1 (with optional fault injection).")
        {
            Port, Symbol, Rate, Seed, DisconnectEvery, StallAfter, BadChecksumEvery, ErrorFrameEvery, GarbageFrameEvery, Delist, Replay,
        };
        command.SetAction((parse, token) => RunAsync(
            new SimulatorOptions
            {
                Port = parse.GetValue(Port),
                Symbols = parse.GetValue(Symbol)!,
                Rate = parse.GetValue(Rate),
                Seed = parse.GetValue(Seed),
                DisconnectEvery = parse.GetValue(DisconnectEvery),
                StallAfter = parse.GetValue(StallAfter),
                BadChecksumEvery = parse.GetValue(BadChecksumEvery),
                ErrorFrameEvery = parse.GetValue(ErrorFrameEvery),
                GarbageFrameEvery = parse.GetValue(GarbageFrameEvery),
                ReplayFile = parse.GetValue(Replay)?.FullName,
                Delist = parse.GetValue(Delist),
            },
            parse.InvocationConfiguration.Output,
            TimeProvider.System,
            Log.Logger,
            token));
        return command;
    }

    /// <summary>Serves until <paramref name="stop"/>; the endpoint goes to <paramref name="output"/> as one line.</summary>
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
            await output.WriteLineAsync(server.Endpoint.ToString()).ConfigureAwait(false);
            await output.FlushAsync(stop).ConfigureAwait(false);
            log.Information("Simulating {Symbols:l} on {Endpoint} at {Rate} updates/s per symbol", string.Join(", ", options.Symbols), server.Endpoint, options.Rate);
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

    private static Option<FaultSchedule?> FaultOption(string name, string what, bool allowZero = false) => new(name)
    {
        Description = $"{what}: after N book messages (a count: 500) or a span of connection time (30s, 2m), again and again. Default: never.",
        CustomParser = (ArgumentResult r) =>
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
        },
    };
}
