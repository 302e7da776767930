using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace L2Rec.Tests.Support;

/// <summary>A logger whose rendered messages tests can read.</summary>
public sealed class CollectingLog : ILogEventSink
{
    private readonly ConcurrentQueue<string> _messages = new();

    public CollectingLog() => Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    public IReadOnlyList<string> Messages => [.. _messages];

    public void Emit(LogEvent logEvent) => _messages.Enqueue(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
}
