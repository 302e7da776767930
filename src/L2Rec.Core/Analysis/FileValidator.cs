using System.Text.Json;
using System.Text.Unicode;
using L2Rec.Books;
using L2Rec.Exchanges;
using L2Rec.Feeds;
using L2Rec.Time;

namespace L2Rec.Analysis;

/// <summary>
/// Streams one data file in constant memory and checks every line (see <see cref="DefectKind"/>) and measures how
/// much of its span is covered (<see cref="CoverageTimeline"/>, the definition diagnose shares). What a book line
/// must carry follows its session's <c>proof</c> (<see cref="BookProof"/>): with <c>checksum</c>, a checksum, which
/// is recomputed from the line's own levels by the exchange's rule (<see cref="IExchange.CreateLineProof"/>) when
/// the exchange is one <see cref="ExchangeCatalog"/> knows; with <c>sequence</c>, a <c>seq</c> that never decreases
/// between two gap lines of a session (a book line marked <c>reset</c> starts a new chain). A session without a
/// <c>proof</c> field (files written before it existed) has its exchange's proof. Nothing here knows an exchange.
/// </summary>
public sealed class FileValidator
{
    public const int HolesKept = 10;

    private readonly TimeSpan? _maxGapOverride;
    private PriceLevel[] _bids = new PriceLevel[64];
    private PriceLevel[] _asks = new PriceLevel[64];
    private int _bidCount;
    private int _askCount;
    private readonly NameCache _exchangeNames = new();

    public FileValidator(TimeSpan? maxGap = null) => _maxGapOverride = maxGap;

    /// <summary>Validates a file; I/O errors (missing, a directory, unreadable) propagate to the caller.</summary>
    public ValidationReport Validate(string path)
    {
        if (Directory.Exists(path))
        {
            throw new IOException($"{path} is a directory, not a data file");
        }

        using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        ValidationReport report = new() { Path = path, Bytes = stream.Length };
        State state = new(new CoverageTimeline(_maxGapOverride, report.AddHole));
        LineReader reader = new(stream);
        while (reader.TryRead(out ReadOnlySpan<byte> line, out bool terminated, out bool tooLong))
        {
            long number = reader.LineNumber;
            report.Lines++;
            if (tooLong)
            {
                report.AddDefect(DefectKind.LineTooLong, number);
                continue;
            }

            if (!terminated)
            {
                report.AddDefect(DefectKind.TornLine, number);
                continue;
            }

            if (line.IsEmpty)
            {
                continue;
            }

            CheckLine(line, number, report, state);
        }

        CoverageTimeline timeline = state.Timeline;
        timeline.Finish();
        report.MaxGap = timeline.MaxGap;
        report.First = timeline.First;
        report.Last = timeline.Last;
        report.Uncovered = timeline.Uncovered;
        report.HoleCount = timeline.HoleCount;
        return report;
    }

    private void CheckLine(ReadOnlySpan<byte> line, long number, ValidationReport report, State state)
    {
        if (!Utf8.IsValid(line))
        {
            report.AddDefect(DefectKind.Unparseable, number);
            return;
        }

        Fields fields;
        try
        {
            if (!TryReadCanonicalBook(line, out fields) && !TryReadFields(line, out fields))
            {
                report.AddDefect(DefectKind.Unparseable, number);
                return;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            report.AddDefect(DefectKind.Unparseable, number);
            return;
        }

        switch (fields.Type)
        {
            case LineType.SessionStart:
                OnSessionStart(fields, number, report, state);
                break;
            case LineType.SessionEnd:
                if (fields.Time is not { } end)
                {
                    report.AddDefect(DefectKind.MissingField, number);
                    break;
                }

                state.Timeline.SessionEnd(end);
                break;
            case LineType.Gap:
                report.GapLines++;

                // The recorder re-syncs after an outage: the sequence may start again.
                state.PreviousSeq = null;
                if (fields.From is not { } from || fields.To is not { } to || fields.Reason is null)
                {
                    report.AddDefect(DefectKind.MissingField, number);
                    break;
                }

                state.Timeline.GapLine(from, to, fields.Reason);
                break;
            case LineType.Book:
                LineRules rules = state.InSession ? state.Rules : RulesWithoutSession(fields.Exchange, state);
                if (fields.Recv is not { } recv || fields.Time is null || !fields.HasBids || !fields.HasAsks ||
                    (rules.NeedsChecksum && !fields.HasChecksum) || (rules.NeedsSequence && !fields.HasSeq))
                {
                    report.AddDefect(DefectKind.MissingField, number);
                    break;
                }

                OnBook(fields, recv, number, report, state, rules);
                break;
            case LineType.Legacy:
                if (fields.Timestamp is not { } at || !fields.HasBids || !fields.HasAsks)
                {
                    report.AddDefect(DefectKind.MissingField, number);
                    break;
                }

                OnBook(fields, at, number, report, state, rules: null);
                break;
            case LineType.Missing:
                report.AddDefect(DefectKind.MissingField, number);
                break;
            default:
                break;
        }
    }

    private void OnSessionStart(Fields fields, long number, ValidationReport report, State state)
    {
        report.Sessions++;
        if (fields.Time is not { } start)
        {
            report.AddDefect(DefectKind.MissingField, number);
            return;
        }

        state.Timeline.SessionStart(start, fields.Continues, fields.IntervalMs);
        state.Depth = fields.Depth ?? state.Depth;
        state.PricePrecision = fields.PricePrecision ?? -1;
        state.QtyPrecision = fields.QtyPrecision ?? -1;
        state.PreviousRecv = null;
        state.PreviousExchangeTime = null;
        state.PreviousSeq = null;
        state.InSession = true;
        state.Rules = RulesFor(fields.Exchange, fields.HasProof, fields.ProofChecksum, fields.ProofSequence, state);
    }

    /// <summary>
    /// What a session's book lines carry: what its <c>proof</c> names, or without one (files written before the field
    /// existed) what its exchange proves books by; the checksum rule where the exchange is known and has one.
    /// </summary>
    private static LineRules RulesFor(string? exchangeName, bool hasProof, bool proofChecksum, bool proofSequence, State state)
    {
        IExchange? exchange = ExchangeCatalog.Find(exchangeName);
        bool checksum = proofChecksum;
        bool sequence = proofSequence;
        if (!hasProof)
        {
            IReadOnlyList<string> proof = exchange?.Proof ?? [];
            checksum = proof.Contains(BookProof.Checksum, StringComparer.Ordinal);
            sequence = proof.Contains(BookProof.Sequence, StringComparer.Ordinal);
        }

        return new LineRules(checksum, sequence, checksum && exchange is not null ? state.LineProof(exchange) : null);
    }

    /// <summary>Book lines before any session start: the line's own exchange decides, as for a session without <c>proof</c>.</summary>
    private static LineRules RulesWithoutSession(string? exchangeName, State state)
    {
        if (!ReferenceEquals(exchangeName, state.SessionlessExchange) || state.SessionlessRules is null)
        {
            state.SessionlessExchange = exchangeName;
            state.SessionlessRules = RulesFor(exchangeName, hasProof: false, proofChecksum: false, proofSequence: false, state);
        }

        return state.SessionlessRules;
    }

    // rules: the line's proof rules; null for a legacy ccxt-shaped line, which carries no proof.
    private void OnBook(Fields fields, DateTimeOffset recv, long number, ValidationReport report, State state, LineRules? rules)
    {
        report.Snapshots++;
        bool recvBackwards = state.PreviousRecv is { } previous && recv < previous;
        bool exchangeBackwards = fields.Time is { } exchangeTime && state.PreviousExchangeTime is { } previousExchange && exchangeTime < previousExchange;
        if (recvBackwards || exchangeBackwards)
        {
            report.AddDefect(DefectKind.TimeBackwards, number);
        }
        else if (state.PreviousRecv == recv)
        {
            report.AddDefect(DefectKind.DuplicateSnapshot, number);
        }

        state.PreviousRecv = recv;
        state.PreviousExchangeTime = fields.Time ?? state.PreviousExchangeTime;
        state.Timeline.Snapshot(recv);

        ReadOnlySpan<PriceLevel> bids = _bids.AsSpan(0, _bidCount);
        ReadOnlySpan<PriceLevel> asks = _asks.AsSpan(0, _askCount);
        CheckSide(bids, descending: true, number, report);
        CheckSide(asks, descending: false, number, report);
        if (bids.Length > 0 && asks.Length > 0 && bids[0].Price >= asks[0].Price)
        {
            report.AddDefect(DefectKind.CrossedBook, number);
        }

        if (state.Depth is int depth && (bids.Length > depth || asks.Length > depth))
        {
            report.AddDefect(DefectKind.TooManyLevels, number);
        }

        if (rules is null)
        {
            report.AddDefect(DefectKind.UnverifiedSnapshot, number);
            return;
        }

        if (rules.NeedsSequence)
        {
            // Never decreasing between two gap lines of a session, except across a reset the exchange announced.
            if (!fields.Reset && state.PreviousSeq is { } previousSeq && fields.Seq < previousSeq)
            {
                report.AddDefect(DefectKind.SequenceBackwards, number);
            }

            state.PreviousSeq = fields.Seq;
        }

        if (rules.Checksum is not { } proof)
        {
            return;
        }

        if (state.PricePrecision >= 0 || state.QtyPrecision >= 0)
        {
            Pad(_bids.AsSpan(0, _bidCount), state);
            Pad(_asks.AsSpan(0, _askCount), state);
        }

        // Compared as 32 bits: an exchange that publishes its CRC32 signed matches its unsigned recomputation.
        if (proof.Compute(asks, bids) != unchecked((uint)fields.Checksum))
        {
            report.AddDefect(DefectKind.ChecksumMismatch, number);
        }
    }

    private static void Pad(Span<PriceLevel> levels, State state)
    {
        for (int i = 0; i < levels.Length; i++)
        {
            levels[i] = new PriceLevel(
                state.PricePrecision >= 0 ? levels[i].Price.PadTo(state.PricePrecision) : levels[i].Price,
                state.QtyPrecision >= 0 ? levels[i].Qty.PadTo(state.QtyPrecision) : levels[i].Qty);
        }
    }

    private static void CheckSide(ReadOnlySpan<PriceLevel> levels, bool descending, long number, ValidationReport report)
    {
        bool nonPositive = false;
        bool unsorted = false;
        bool duplicate = false;
        for (int i = 0; i < levels.Length; i++)
        {
            nonPositive |= !levels[i].Price.IsPositive || !levels[i].Qty.IsPositive;
            if (i > 0)
            {
                int cmp = levels[i].Price.CompareTo(levels[i - 1].Price);
                duplicate |= cmp == 0;
                unsorted |= descending ? cmp > 0 : cmp < 0;
            }
        }

        if (nonPositive)
        {
            report.AddDefect(DefectKind.NonPositive, number);
        }

        if (unsorted)
        {
            report.AddDefect(DefectKind.UnsortedLevels, number);
        }

        if (duplicate)
        {
            report.AddDefect(DefectKind.DuplicateLevels, number);
        }
    }

    /// <summary>
    /// The fast path for the line l2rec writes most: a book line with its keys in l2rec's order and no whitespace,
    /// ending in <c>,"checksum":N</c>, <c>,"seq":N</c>, both, or neither. It accepts only what the general reader
    /// would read the same way (plain strings, numbers of the form <c>(0|[1-9][0-9]*)(.[0-9]+)?</c>, a checksum as an
    /// unsigned 32-bit integer, a seq as a non-negative one of at most 18 digits); anything else returns false and the
    /// general reader decides.
    /// </summary>
    private bool TryReadCanonicalBook(ReadOnlySpan<byte> line, out Fields fields)
    {
        fields = default;
        _bidCount = 0;
        _askCount = 0;
        int pos = 0;
        if (!CanonicalJson.Literal(line, ref pos, "{\"type\":\"book\",\"exchange\":"u8) || !CanonicalJson.PlainString(line, ref pos, out ReadOnlySpan<byte> exchange) ||
            !CanonicalJson.Literal(line, ref pos, ",\"symbol\":"u8) || !CanonicalJson.PlainString(line, ref pos, out _) ||
            !CanonicalJson.Literal(line, ref pos, ",\"time\":"u8) || !CanonicalJson.PlainString(line, ref pos, out ReadOnlySpan<byte> time) ||
            !CanonicalJson.Literal(line, ref pos, ",\"recv\":"u8) || !CanonicalJson.PlainString(line, ref pos, out ReadOnlySpan<byte> recv) ||
            !CanonicalJson.Literal(line, ref pos, ",\"bids\":"u8) || !CanonicalLevels(line, ref pos, ref _bids, ref _bidCount) ||
            !CanonicalJson.Literal(line, ref pos, ",\"asks\":"u8) || !CanonicalLevels(line, ref pos, ref _asks, ref _askCount))
        {
            return false;
        }

        if (CanonicalJson.Literal(line, ref pos, ",\"checksum\":"u8))
        {
            if (!CanonicalJson.UInt32(line, ref pos, out uint checksum))
            {
                return false;
            }

            fields.HasChecksum = true;
            fields.Checksum = checksum;
        }

        if (CanonicalJson.Literal(line, ref pos, ",\"seq\":"u8))
        {
            if (!CanonicalSeq(line, ref pos, out long seq))
            {
                return false;
            }

            fields.HasSeq = true;
            fields.Seq = seq;
        }

        if (pos != line.Length - 1 || line[pos] != '}')
        {
            return false;
        }

        fields.Exchange = _exchangeNames.Get(exchange);
        fields.Type = LineType.Book;
        fields.Time = IsoTime.TryParse(time, out DateTimeOffset t) ? t : null;
        fields.Recv = IsoTime.TryParse(recv, out DateTimeOffset r) ? r : null;
        fields.HasBids = true;
        fields.HasAsks = true;
        return true;
    }

    /// <summary><c>0|[1-9][0-9]{0,17}</c> followed by neither a digit, a fraction nor an exponent: an int64 the general reader reads alike.</summary>
    private static bool CanonicalSeq(ReadOnlySpan<byte> line, ref int pos, out long value)
    {
        value = 0;
        int start = pos;
        uint digit;
        while (pos < line.Length && (digit = (uint)(line[pos] - '0')) <= 9 && pos - start < 18)
        {
            value = (value * 10) + digit;
            pos++;
        }

        return pos > start && (pos - start == 1 || line[start] != '0') &&
            !(pos < line.Length && line[pos] is (byte)'.' or (byte)'e' or (byte)'E' or (>= (byte)'0' and <= (byte)'9'));
    }

    private static bool CanonicalLevels(ReadOnlySpan<byte> line, ref int pos, ref PriceLevel[] levels, ref int count)
    {
        count = 0;
        if (pos >= line.Length || line[pos++] != '[')
        {
            return false;
        }

        if (pos < line.Length && line[pos] == ']')
        {
            pos++;
            return true;
        }

        while (true)
        {
            if (pos >= line.Length || line[pos++] != '[' || !CanonicalJson.Number(line, ref pos, out FixedDecimal price) ||
                pos >= line.Length || line[pos++] != ',' || !CanonicalJson.Number(line, ref pos, out FixedDecimal qty) ||
                pos >= line.Length || line[pos++] != ']')
            {
                return false;
            }

            if (count == levels.Length)
            {
                Array.Resize(ref levels, levels.Length * 2);
            }

            levels[count++] = new PriceLevel(price, qty);
            if (pos >= line.Length)
            {
                return false;
            }

            byte next = line[pos++];
            if (next == ']')
            {
                return true;
            }

            if (next != ',')
            {
                return false;
            }
        }
    }

    private bool TryReadFields(ReadOnlySpan<byte> line, out Fields fields)
    {
        fields = default;
        _bidCount = 0;
        _askCount = 0;
        Utf8JsonReader reader = new(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool hasType = false;
        bool isSession = false;
        bool isStart = false;
        bool isEnd = false;
        bool isGap = false;
        bool isBook = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                hasType = true;
                isSession = reader.ValueTextEquals("session"u8);
                isGap = reader.ValueTextEquals("gap"u8);
                isBook = reader.ValueTextEquals("book"u8);
                if (!isSession && !isGap && !isBook)
                {
                    fields.Type = LineType.Other;
                }
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                reader.Read();
                isStart = reader.ValueTextEquals("start"u8);
                isEnd = reader.ValueTextEquals("end"u8);
            }
            else if (reader.ValueTextEquals("time"u8))
            {
                reader.Read();
                fields.Time = ReadTime(ref reader);
            }
            else if (reader.ValueTextEquals("recv"u8))
            {
                reader.Read();
                fields.Recv = ReadTime(ref reader);
            }
            else if (reader.ValueTextEquals("from"u8))
            {
                reader.Read();
                fields.From = ReadTime(ref reader);
            }
            else if (reader.ValueTextEquals("to"u8))
            {
                reader.Read();
                fields.To = ReadTime(ref reader);
            }
            else if (reader.ValueTextEquals("reason"u8))
            {
                reader.Read();
                fields.Reason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("bids"u8))
            {
                reader.Read();
                fields.HasBids = ReadLevels(ref reader, ref _bids, ref _bidCount);
            }
            else if (reader.ValueTextEquals("asks"u8))
            {
                reader.Read();
                fields.HasAsks = ReadLevels(ref reader, ref _asks, ref _askCount);
            }
            else if (reader.ValueTextEquals("checksum"u8))
            {
                // Unsigned 32 bits, or signed where an exchange publishes its CRC32 so: either way the same 32 bits.
                reader.Read();
                fields.HasChecksum = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long checksum) && checksum is >= int.MinValue and <= uint.MaxValue;
                fields.Checksum = fields.HasChecksum ? reader.GetInt64() : 0;
            }
            else if (reader.ValueTextEquals("seq"u8))
            {
                reader.Read();
                fields.HasSeq = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long seq);
                fields.Seq = fields.HasSeq ? reader.GetInt64() : 0;
            }
            else if (reader.ValueTextEquals("reset"u8))
            {
                reader.Read();
                fields.Reset = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("exchange"u8))
            {
                reader.Read();
                fields.Exchange = reader.TokenType != JsonTokenType.String ? null
                    : reader.ValueIsEscaped ? reader.GetString()
                    : _exchangeNames.Get(reader.ValueSpan);
            }
            else if (reader.ValueTextEquals("proof"u8))
            {
                reader.Read();
                ReadProof(ref reader, ref fields);
            }
            else if (reader.ValueTextEquals("depth"u8))
            {
                reader.Read();
                fields.Depth = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int depth) ? depth : null;
            }
            else if (reader.ValueTextEquals("interval_ms"u8))
            {
                reader.Read();
                fields.IntervalMs = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long interval) ? interval : null;
            }
            else if (reader.ValueTextEquals("price_precision"u8))
            {
                reader.Read();
                fields.PricePrecision = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int p) && p is >= 0 and <= FixedDecimal.MaxScale ? p : null;
            }
            else if (reader.ValueTextEquals("qty_precision"u8))
            {
                reader.Read();
                fields.QtyPrecision = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int q) && q is >= 0 and <= FixedDecimal.MaxScale ? q : null;
            }
            else if (reader.ValueTextEquals("continues"u8))
            {
                reader.Read();
                fields.Continues = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                fields.Timestamp = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long ms) && ms is > 0 and < 253402300800000
                    ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                    : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return false;
        }

        if (fields.Type != LineType.Other)
        {
            fields.Type = !hasType ? (fields.HasBids && fields.HasAsks ? LineType.Legacy : LineType.Missing)
                : isBook ? LineType.Book
                : isGap ? LineType.Gap
                : isSession && isStart ? LineType.SessionStart
                : isSession && isEnd ? LineType.SessionEnd
                : LineType.Missing;
        }

        return true;
    }

    /// <summary>The <c>proof</c> array: which of the known kinds it names (others are ignored).</summary>
    private static void ReadProof(ref Utf8JsonReader reader, ref Fields fields)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        fields.HasProof = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                fields.ProofChecksum |= reader.ValueTextEquals(BookProof.Checksum);
                fields.ProofSequence |= reader.ValueTextEquals(BookProof.Sequence);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static DateTimeOffset? ReadTime(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && IsoTime.TryParse(reader.ValueSpan, out DateTimeOffset time) ? time : null;

    /// <summary>Reads <c>[[price, qty], ...]</c> (this format and ccxt's); false when it is not that shape.</summary>
    private static bool ReadLevels(ref Utf8JsonReader reader, ref PriceLevel[] levels, ref int count)
    {
        count = 0;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        bool ok = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                ok = false;
                continue;
            }

            FixedDecimal price = default;
            FixedDecimal qty = default;
            int index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    reader.Skip();
                    ok = false;
                }
                else if (index == 0)
                {
                    ok &= ReadNumber(ref reader, out price);
                }
                else if (index == 1)
                {
                    ok &= ReadNumber(ref reader, out qty);
                }

                index++;
            }

            ok &= index >= 2;
            if (count == levels.Length)
            {
                Array.Resize(ref levels, levels.Length * 2);
            }

            levels[count++] = new PriceLevel(price, qty);
        }

        return ok;
    }

    private static bool ReadNumber(ref Utf8JsonReader reader, out FixedDecimal value)
    {
        value = default;
        return reader.TokenType is JsonTokenType.Number or JsonTokenType.String && !reader.ValueIsEscaped && FixedDecimal.TryParse(reader.ValueSpan, out value);
    }

    private enum LineType
    {
        Unset,
        Other,
        Missing,
        SessionStart,
        SessionEnd,
        Gap,
        Book,
        Legacy,
    }

    private struct Fields
    {
        public LineType Type;
        public DateTimeOffset? Time;
        public DateTimeOffset? Recv;
        public DateTimeOffset? From;
        public DateTimeOffset? To;
        public DateTimeOffset? Timestamp;
        public string? Reason;
        public bool HasBids;
        public bool HasAsks;
        public string? Exchange;
        public bool HasChecksum;
        public long Checksum;
        public bool HasSeq;
        public long Seq;
        public bool Reset;
        public bool HasProof;
        public bool ProofChecksum;
        public bool ProofSequence;
        public int? Depth;
        public long? IntervalMs;
        public int? PricePrecision;
        public int? QtyPrecision;
        public bool Continues;
    }

    private sealed class State(CoverageTimeline timeline)
    {
        private readonly Dictionary<string, IBookLineProof?> _proofs = new(StringComparer.Ordinal);

        public CoverageTimeline Timeline { get; } = timeline;

        public int? Depth { get; set; }

        public int PricePrecision { get; set; } = -1;

        public int QtyPrecision { get; set; } = -1;

        public DateTimeOffset? PreviousRecv { get; set; }

        public DateTimeOffset? PreviousExchangeTime { get; set; }

        /// <summary>The last <c>seq</c> of the current chain (null after a session start or a gap line).</summary>
        public long? PreviousSeq { get; set; }

        public bool InSession { get; set; }

        public LineRules Rules { get; set; } = LineRules.None;

        public string? SessionlessExchange { get; set; }

        public LineRules? SessionlessRules { get; set; }

        /// <summary>
        /// One checksum rule per exchange for the whole file: it may keep a cache between lines (one file is one book,
        /// so consecutive lines share most levels), and a file whose sessions name several exchanges keeps one each.
        /// </summary>
        public IBookLineProof? LineProof(IExchange exchange)
        {
            if (!_proofs.TryGetValue(exchange.Name, out IBookLineProof? proof))
            {
                proof = exchange.CreateLineProof();
                _proofs[exchange.Name] = proof;
            }

            return proof;
        }
    }

    /// <summary>What a book line must carry, and the checksum rule to recompute its checksum by (null: none known).</summary>
    private sealed record LineRules(bool NeedsChecksum, bool NeedsSequence, IBookLineProof? Checksum)
    {
        public static LineRules None { get; } = new(false, false, null);
    }

    /// <summary>Exchange names as strings, one instance per name seen, so a line's name costs a comparison, not a string.</summary>
    private sealed class NameCache
    {
        private readonly List<(byte[] Utf8, string Text)> _names = [];

        public string Get(ReadOnlySpan<byte> utf8)
        {
            foreach ((byte[] bytes, string text) in _names)
            {
                if (utf8.SequenceEqual(bytes))
                {
                    return text;
                }
            }

            string name = System.Text.Encoding.UTF8.GetString(utf8);
            if (_names.Count < 16)
            {
                _names.Add((utf8.ToArray(), name));
            }

            return name;
        }
    }
}
