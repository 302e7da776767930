using System.Globalization;
using System.Text;

namespace L2Rec.Tests.Support;

/// <summary>
/// Writes data files line by line for analysis tests. By default a Kraken file as written before the session start
/// line had a <c>proof</c> field, whose book lines get a correct checksum unless told otherwise; <see cref="Start"/>
/// with an exchange and a proof, and <see cref="SeqBook"/>, write the files of sequence-proven exchanges.
/// </summary>
public sealed class DataFileBuilder
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly StringBuilder _text = new();

    public int Lines { get; private set; }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", Invariant);

    /// <param name="time">The session's start.</param>
    /// <param name="depth">Levels per side at most.</param>
    /// <param name="intervalMs">The interval the session names.</param>
    /// <param name="continues">Whether it continues a session past midnight.</param>
    /// <param name="exchange">The exchange it names.</param>
    /// <param name="symbol">The symbol, as the exchange spells it.</param>
    /// <param name="proof">The <c>proof</c> field's entries; null writes no field (files from before it existed).</param>
    /// <param name="pricePrecision">The price precision the line names.</param>
    /// <param name="qtyPrecision">The quantity precision the line names.</param>
    public DataFileBuilder Start(DateTimeOffset time, int depth = 10, int intervalMs = 1000, bool continues = false, string exchange = "kraken", string symbol = "BTC/USD", string[]? proof = null, int pricePrecision = 1, int qtyPrecision = 8)
    {
        string proofField = proof is null ? string.Empty : $"\"proof\":[{string.Join(',', proof.Select(p => $"\"{p}\""))}],";
        return Raw($"{{\"type\":\"session\",\"event\":\"start\",\"exchange\":\"{exchange}\",\"symbol\":\"{symbol}\",\"depth\":{depth},\"interval_ms\":{intervalMs},\"price_precision\":{pricePrecision},\"qty_precision\":{qtyPrecision},{proofField}\"resumed\":false,{(continues ? "\"continues\":true," : string.Empty)}\"recorder\":\"test\",\"pid\":1,\"time\":\"{Time(time)}\"}}");
    }

    /// <summary>
    /// A book line as a sequence-proven exchange writes it (Binance's shape: no checksum, <c>seq</c> last): <paramref name="levels"/>
    /// levels a side around 67890.00, quantities varying with <paramref name="seed"/>; <paramref name="reset"/> marks an
    /// exchange-announced reset, <paramref name="checksum"/> adds a checksum before the seq.
    /// </summary>
    public DataFileBuilder SeqBook(DateTimeOffset recv, long seq, int seed = 0, int levels = 10, bool reset = false, string exchange = "binance", string symbol = "BTCUSDT", uint? checksum = null, Func<List<(string P, string Q)>, List<(string P, string Q)>>? bids = null)
    {
        List<(string P, string Q)> b = [.. Enumerable.Range(0, levels).Select(i => (((6789000 - i) / 100m).ToString("F2", Invariant), ((100_000 + seed + i) / 100_000m).ToString("F5", Invariant)))];
        List<(string P, string Q)> a = [.. Enumerable.Range(0, levels).Select(i => (((6789001 + i) / 100m).ToString("F2", Invariant), ((50_000 + seed + i) / 100_000m).ToString("F5", Invariant)))];
        b = bids?.Invoke(b) ?? b;
        string sum = checksum is { } c ? $",\"checksum\":{c}" : string.Empty;
        string resetField = reset ? ",\"reset\":true" : string.Empty;
        return Raw($"{{\"type\":\"book\",\"exchange\":\"{exchange}\",\"symbol\":\"{symbol}\",\"time\":\"{Time(recv.AddMilliseconds(-3))}\",\"recv\":\"{Time(recv)}\",\"bids\":[{Side(b)}],\"asks\":[{Side(a)}]{sum},\"seq\":{seq}{resetField}}}");
    }

    public DataFileBuilder End(DateTimeOffset time, string reason = "duration") =>
        Raw($"{{\"type\":\"session\",\"event\":\"end\",\"reason\":\"{reason}\",\"time\":\"{Time(time)}\",\"snapshots\":0}}");

    public DataFileBuilder Gap(DateTimeOffset from, DateTimeOffset to, string reason) =>
        Raw($"{{\"type\":\"gap\",\"reason\":\"{reason}\",\"from\":\"{Time(from)}\",\"to\":\"{Time(to)}\",\"detail\":\"test\"}}");

    /// <summary>
    /// A healthy Kraken book: 10 levels a side around 67890.0, quantities varying with <paramref name="seed"/>, its
    /// checksum (correct unless given), and a <c>seq</c> after it when one is given.
    /// </summary>
    public DataFileBuilder Book(DateTimeOffset recv, int seed = 0, Func<List<(string P, string Q)>, List<(string P, string Q)>>? bids = null, Func<List<(string P, string Q)>, List<(string P, string Q)>>? asks = null, uint? checksum = null, long? seq = null)
    {
        List<(string P, string Q)> b = [.. Enumerable.Range(0, 10).Select(i => (((678900 - i) / 10m).ToString("F1", Invariant), ((100_000_000 + seed + i) / 100_000_000m).ToString("F8", Invariant)))];
        List<(string P, string Q)> a = [.. Enumerable.Range(0, 10).Select(i => (((678901 + i) / 10m).ToString("F1", Invariant), ((50_000_000 + seed + i) / 100_000_000m).ToString("F8", Invariant)))];
        b = bids?.Invoke(b) ?? b;
        a = asks?.Invoke(a) ?? a;
        uint sum = checksum ?? ReferenceChecksum.Compute(
            a.Select(l => (decimal.Parse(l.P, Invariant), decimal.Parse(l.Q, Invariant))),
            b.Select(l => (decimal.Parse(l.P, Invariant), decimal.Parse(l.Q, Invariant))), 1, 8);
        return Raw($"{{\"type\":\"book\",\"exchange\":\"kraken\",\"symbol\":\"BTC/USD\",\"time\":\"{Time(recv.AddMilliseconds(-3))}\",\"recv\":\"{Time(recv)}\",\"bids\":[{Side(b)}],\"asks\":[{Side(a)}],\"checksum\":{sum}{(seq is { } q ? $",\"seq\":{q}" : string.Empty)}}}");
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
