using System.Globalization;
using System.Text;

namespace L2Rec.Tests.Support;

/// <summary>Writes data files line by line for analysis tests; book lines get a correct checksum unless told otherwise.</summary>
public sealed class DataFileBuilder
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly StringBuilder _text = new();

    public int Lines { get; private set; }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", Invariant);

    public DataFileBuilder Start(DateTimeOffset time, int depth = 10, int intervalMs = 1000, bool continues = false) =>
        Raw($"{{\"type\":\"session\",\"event\":\"start\",\"exchange\":\"kraken\",\"symbol\":\"BTC/USD\",\"depth\":{depth},\"interval_ms\":{intervalMs},\"price_precision\":1,\"qty_precision\":8,\"resumed\":false,{(continues ? "\"continues\":true," : string.Empty)}\"recorder\":\"test\",\"pid\":1,\"time\":\"{Time(time)}\"}}");

    public DataFileBuilder End(DateTimeOffset time, string reason = "duration") =>
        Raw($"{{\"type\":\"session\",\"event\":\"end\",\"reason\":\"{reason}\",\"time\":\"{Time(time)}\",\"snapshots\":0}}");

    public DataFileBuilder Gap(DateTimeOffset from, DateTimeOffset to, string reason) =>
        Raw($"{{\"type\":\"gap\",\"reason\":\"{reason}\",\"from\":\"{Time(from)}\",\"to\":\"{Time(to)}\",\"detail\":\"test\"}}");

    /// <summary>A healthy book: 10 levels a side around 67890.0, quantities varying with <paramref name="seed"/>.</summary>
    public DataFileBuilder Book(DateTimeOffset recv, int seed = 0, Func<List<(string P, string Q)>, List<(string P, string Q)>>? bids = null, Func<List<(string P, string Q)>, List<(string P, string Q)>>? asks = null, uint? checksum = null)
    {
        List<(string P, string Q)> b = [.. Enumerable.Range(0, 10).Select(i => (((678900 - i) / 10m).ToString("F1", Invariant), ((100_000_000 + seed + i) / 100_000_000m).ToString("F8", Invariant)))];
        List<(string P, string Q)> a = [.. Enumerable.Range(0, 10).Select(i => (((678901 + i) / 10m).ToString("F1", Invariant), ((50_000_000 + seed + i) / 100_000_000m).ToString("F8", Invariant)))];
        b = bids?.Invoke(b) ?? b;
        a = asks?.Invoke(a) ?? a;
        uint sum = checksum ?? ReferenceChecksum.Compute(
            a.Select(l => (decimal.Parse(l.P, Invariant), decimal.Parse(l.Q, Invariant))),
            b.Select(l => (decimal.Parse(l.P, Invariant), decimal.Parse(l.Q, Invariant))), 1, 8);
        return Raw($"{{\"type\":\"book\",\"exchange\":\"kraken\",\"symbol\":\"BTC/USD\",\"time\":\"{Time(recv.AddMilliseconds(-3))}\",\"recv\":\"{Time(recv)}\",\"bids\":[{Side(b)}],\"asks\":[{Side(a)}],\"checksum\":{sum}}}");
    }

    /// <summary>A legacy ccxt-shaped order book line.</summary>
    public DataFileBuilder Ccxt(DateTimeOffset time) =>
        Raw($"{{\"symbol\":\"BTC/USD\",\"bids\":[[67890.0,1.5]],\"asks\":[[67890.1,0.5]],\"timestamp\":{time.ToUnixTimeMilliseconds()},\"datetime\":\"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\",\"nonce\":null}}");

    public DataFileBuilder Raw(string line)
    {
        _text.Append(line).Append('\n');
        Lines++;
        return this;
    }

    /// <summary>Bytes with no newline at the end: what a crash mid-write leaves.</summary>
    public DataFileBuilder Torn(string partial)
    {
        _text.Append(partial);
        Lines++;
        return this;
    }

    public string Save(string path)
    {
        File.WriteAllText(path, _text.ToString());
        return path;
    }

    private static string Side(List<(string P, string Q)> levels) => string.Join(',', levels.Select(l => $"[{l.P},{l.Q}]"));
}
