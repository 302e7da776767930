using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace L2Rec.IntegrationTests.Support;

/// <summary>
/// An independent reader of data files, sharing no code with l2rec: every line is whole JSON; in a session proven by
/// checksum every book line's checksum recomputes from its own levels at the session's precisions, in one proven by
/// sequence every book line has a seq that never goes backwards between gaps; sides are sorted, unique, positive, not
/// crossed, at the session's precision and within the depth; recv never goes backwards inside a session, nor time
/// between gaps; no line appears twice.
/// </summary>
public sealed class RecordingChecker
{
    public int Lines { get; private set; }

    public int Books { get; private set; }

    public int Sessions { get; private set; }

    public int Ends { get; private set; }

    /// <summary>Session starts that follow a session with no end line: a crash, then a restart.</summary>
    public int CrashStarts { get; private set; }

    /// <summary>Holes longer than the allowed gap, each explained by a gap line or a restart (else a problem).</summary>
    public int Holes { get; private set; }

    public static TimeSpan MaxGap { get; } = TimeSpan.FromSeconds(5);

    public List<JsonElement> Gaps { get; } = [];

    public List<string> Problems { get; } = [];

    public static RecordingChecker Check(params string[] files)
    {
        RecordingChecker checker = new();
        foreach (string file in files)
        {
            checker.CheckFile(file);
        }

        return checker;
    }

    /// <summary>The whole lines of a file and whether its last line is torn (no trailing newline).</summary>
    public static (string[] Lines, bool TornTail) ReadLines(string file)
    {
        string text = File.ReadAllText(file);
        bool torn = text.Length > 0 && !text.EndsWith('\n');
        string[] lines = text.Split('\n');
        return (torn ? lines[..^1] : lines[..^1], torn);
    }

    private void CheckFile(string file)
    {
        (string[] lines, bool torn) = ReadLines(file);
        if (torn)
        {
            Problems.Add($"{Path.GetFileName(file)}: torn last line");
        }

        HashSet<string> seen = new(StringComparer.Ordinal);
        bool sessionOpen = false;
        DateTimeOffset? lastPoint = null;
        bool restartSinceLastPoint = false;
        List<(DateTimeOffset From, DateTimeOffset To)> gapsSinceLastPoint = [];
        int pricePrecision = -1;
        int qtyPrecision = -1;
        int depth = int.MaxValue;
        string lastRecv = string.Empty;
        string lastTime = string.Empty;
        bool checksumProof = true;
        bool sequenceProof = false;
        long lastSeq = long.MinValue;
        for (int i = 0; i < lines.Length; i++)
        {
            Lines++;
            string where = $"{Path.GetFileName(file)}:{i + 1}";
            if (!seen.Add(lines[i]))
            {
                Problems.Add($"{where}: duplicate line");
            }

            JsonElement line;
            try
            {
                line = JsonDocument.Parse(lines[i]).RootElement.Clone();
            }
            catch (JsonException ex)
            {
                Problems.Add($"{where}: not JSON ({ex.Message})");
                continue;
            }

            switch (line.GetProperty("type").GetString())
            {
                case "session" when line.GetProperty("event").GetString() == "start":
                    Sessions++;
                    if (sessionOpen)
                    {
                        CrashStarts++;
                    }

                    sessionOpen = true;
                    restartSinceLastPoint |= !line.TryGetProperty("continues", out _);
                    CheckHole(ref lastPoint, Time(line, "time"), ref restartSinceLastPoint, gapsSinceLastPoint, where);
                    lastRecv = string.Empty;
                    lastTime = string.Empty;
                    lastSeq = long.MinValue;
                    depth = line.GetProperty("depth").GetInt32();

                    // Files from before the proof field are Kraken's: a checksum on every book line.
                    string[] proof = line.TryGetProperty("proof", out JsonElement p) ? [.. p.EnumerateArray().Select(e => e.GetString()!)] : ["checksum"];
                    checksumProof = proof.Contains("checksum");
                    sequenceProof = proof.Contains("sequence");
                    if (line.TryGetProperty("price_precision", out JsonElement pp))
                    {
                        pricePrecision = pp.GetInt32();
                        qtyPrecision = line.GetProperty("qty_precision").GetInt32();
                    }

                    break;
                case "session":
                    Ends++;
                    sessionOpen = false;
                    break;
                case "gap":
                    // A re-sync after an outage may start a new chain (and, until issue 13, a snapshot without an
                    // exchange time may carry the local one).
                    lastSeq = long.MinValue;
                    lastTime = string.Empty;
                    Gaps.Add(line);
                    gapsSinceLastPoint.Add((Time(line, "from"), Time(line, "to")));
                    break;
                case "book":
                    Books++;
                    string recv = line.GetProperty("recv").GetString()!;
                    if (string.CompareOrdinal(recv, lastRecv) < 0)
                    {
                        Problems.Add($"{where}: recv goes backwards");
                    }

                    lastRecv = recv;
                    string time = line.GetProperty("time").GetString()!;
                    if (string.CompareOrdinal(time, lastTime) < 0)
                    {
                        Problems.Add($"{where}: time goes backwards");
                    }

                    lastTime = time;
                    if (sequenceProof)
                    {
                        if (!line.TryGetProperty("seq", out JsonElement seq))
                        {
                            Problems.Add($"{where}: no seq in a session proven by its sequence");
                        }
                        else if (seq.GetInt64() < lastSeq)
                        {
                            Problems.Add($"{where}: seq {seq.GetInt64()} goes backwards (after {lastSeq}) without a gap");
                        }
                        else
                        {
                            lastSeq = seq.GetInt64();
                        }
                    }

                    CheckBook(line, where, pricePrecision, qtyPrecision, depth, checksumProof);
                    CheckHole(ref lastPoint, Time(line, "recv"), ref restartSinceLastPoint, gapsSinceLastPoint, where);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>
    /// Every stretch longer than <see cref="MaxGap"/> between two points of the timeline (session starts and book
    /// lines) must lie inside a restart (a start line between them) or be covered by a gap line written between them.
    /// </summary>
    private void CheckHole(ref DateTimeOffset? lastPoint, DateTimeOffset at, ref bool restart, List<(DateTimeOffset From, DateTimeOffset To)> gaps, string where)
    {
        if (lastPoint is { } last && at - last > MaxGap)
        {
            Holes++;
            DateTimeOffset previous = last;
            bool covered = gaps.Any(g => g.From <= previous + TimeSpan.FromSeconds(1.5) && g.To >= at - TimeSpan.FromSeconds(2));
            if (!restart && !covered)
            {
                Problems.Add($"{where}: {(at - last).TotalSeconds:0.0} s without data ({last:O} to {at:O}) and no gap line or restart for it");
            }
        }

        lastPoint = at;
        restart = false;
        gaps.Clear();
    }

    private static DateTimeOffset Time(JsonElement line, string name) =>
        DateTimeOffset.Parse(line.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private void CheckBook(JsonElement line, string where, int pricePrecision, int qtyPrecision, int depth, bool checksumProof)
    {
        List<(string Price, string Qty)> bids = Levels(line.GetProperty("bids"));
        List<(string Price, string Qty)> asks = Levels(line.GetProperty("asks"));
        if (bids.Count > depth || asks.Count > depth)
        {
            Problems.Add($"{where}: more levels than the depth {depth}");
        }

        CheckSide(bids, descending: true, where);
        CheckSide(asks, descending: false, where);
        if (bids.Count > 0 && asks.Count > 0 && Value(bids[0].Price) >= Value(asks[0].Price))
        {
            Problems.Add($"{where}: crossed book");
        }

        foreach ((string price, string qty) in bids.Concat(asks))
        {
            if (Token(price, pricePrecision).StartsWith("precision", StringComparison.Ordinal) || Token(qty, qtyPrecision).StartsWith("precision", StringComparison.Ordinal))
            {
                Problems.Add($"{where}: {price} {qty} not written at the session's precision");
                break;
            }
        }

        if (!checksumProof)
        {
            if (line.TryGetProperty("checksum", out _))
            {
                Problems.Add($"{where}: a checksum in a session whose proof has none");
            }

            return;
        }

        StringBuilder text = new();
        foreach ((string price, string qty) in asks.Take(10).Concat(bids.Take(10)))
        {
            text.Append(Token(price, pricePrecision)).Append(Token(qty, qtyPrecision));
        }

        uint computed = Crc32.HashToUInt32(Encoding.ASCII.GetBytes(text.ToString()));
        if (computed != line.GetProperty("checksum").GetUInt32())
        {
            Problems.Add($"{where}: checksum {line.GetProperty("checksum").GetUInt32()} does not match the levels ({computed})");
        }
    }

    private void CheckSide(List<(string Price, string Qty)> side, bool descending, string where)
    {
        for (int i = 0; i < side.Count; i++)
        {
            if (Value(side[i].Price) <= 0 || Value(side[i].Qty) <= 0)
            {
                Problems.Add($"{where}: non-positive level");
            }

            if (i > 0 && (descending ? Value(side[i].Price) >= Value(side[i - 1].Price) : Value(side[i].Price) <= Value(side[i - 1].Price)))
            {
                Problems.Add($"{where}: unsorted or duplicate levels");
            }
        }
    }

    private static List<(string, string)> Levels(JsonElement side) =>
        [.. side.EnumerateArray().Select(l => (l[0].GetRawText(), l[1].GetRawText()))];

    private static decimal Value(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The file's text must already be at the precision: padding here would hide a writer that drops zeros.</summary>
    private static string Token(string text, int precision)
    {
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        int digits = dot < 0 ? 0 : text.Length - dot - 1;
        if (precision >= 0 && digits != precision)
        {
            return "precision-mismatch:" + text;
        }

        return text.Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0');
    }
}
