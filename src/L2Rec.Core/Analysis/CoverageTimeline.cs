namespace L2Rec.Analysis;

/// <summary>
/// The one definition of a file's coverage, fed line by line by validate's full parse and by diagnose's light scan
/// alike, so the two cannot disagree on a file. The file's <em>span</em> runs from the earliest to the latest time
/// it accounts for (session start and end lines, snapshots, gap lines' <c>from</c>/<c>to</c>). Its <em>uncovered</em>
/// time is the union of its holes: every step between consecutive session/snapshot times longer than the max gap,
/// and every gap line's <c>[from, to]</c> whatever its length. Overlapping holes merge into one, so no second is
/// counted twice. Coverage is <c>1 − uncovered / span</c> (<see cref="Fraction"/>).
/// </summary>
public sealed class CoverageTimeline
{
    public const string Restart = "restart";

    public const string Unexplained = "unexplained";

    private static readonly TimeSpan MinimumMaxGap = TimeSpan.FromSeconds(5);

    private readonly bool _maxGapGiven;
    private readonly Action<CoverageHole> _onHole;

    private bool _any;
    private DateTimeOffset _first;
    private DateTimeOffset _last;
    private bool _hasPoint;
    private DateTimeOffset _lastPoint;
    private bool _afterEnd;
    private bool _sawStart;

    // The newest hole stays open until a later, disjoint one arrives: a gap line and the step around it overlap,
    // and the recorder writes the gap line before the book that closes the step.
    private bool _open;
    private DateTimeOffset _openFrom;
    private DateTimeOffset _openTo;
    private string _openReason = Unexplained;
    private bool _openNamedByGapLine;

    // Everything before this is counted already: a late, out-of-order gap line is clipped to it rather than counted twice.
    private DateTimeOffset _countedUntil = DateTimeOffset.MinValue;

    /// <param name="maxGap">The allowed step; null for <see cref="DefaultMaxGap"/> of the first session's interval.</param>
    /// <param name="onHole">Called once per hole, in time order except for out-of-order gap lines.</param>
    public CoverageTimeline(TimeSpan? maxGap, Action<CoverageHole> onHole)
    {
        _maxGapGiven = maxGap is not null;
        MaxGap = maxGap ?? MinimumMaxGap;
        _onHole = onHole;
    }

    public TimeSpan MaxGap { get; private set; }

    public DateTimeOffset? First => _any ? _first : null;

    public DateTimeOffset? Last => _any ? _last : null;

    public TimeSpan Span => _any ? _last - _first : TimeSpan.Zero;

    public TimeSpan Uncovered { get; private set; }

    public long HoleCount { get; private set; }

    /// <summary>What a hole ending at the file's first point would be called: how the file begins.</summary>
    public string OpeningReason { get; private set; } = Unexplained;

    /// <summary>The default allowed step: 5 × the recording interval, at least 5 s.</summary>
    public static TimeSpan DefaultMaxGap(TimeSpan interval) => interval * 5 > MinimumMaxGap ? interval * 5 : MinimumMaxGap;

    /// <summary>Covered fraction of a span, 0 to 1: 0 without snapshots, 1 for a single instant with data.</summary>
    public static double Fraction(TimeSpan span, TimeSpan uncovered, bool hasSnapshots) =>
        !hasSnapshots ? 0 : span <= TimeSpan.Zero ? 1 : Math.Max(0, 1 - (uncovered / span));

    public void SessionStart(DateTimeOffset at, bool continues, long? intervalMs)
    {
        // The first session names the interval; later ones in the same file are the same recording resumed.
        if (!_sawStart && !_maxGapGiven && intervalMs is long ms and >= 0)
        {
            MaxGap = DefaultMaxGap(TimeSpan.FromMilliseconds(ms));
        }

        _sawStart = true;

        // After midnight a session goes on in the next file; any other start follows an end or a crash.
        Point(at, continues ? Unexplained : Restart);
        _afterEnd = false;
    }

    public void SessionEnd(DateTimeOffset at)
    {
        Point(at, Unexplained);
        _afterEnd = true;
    }

    public void Snapshot(DateTimeOffset at) => Point(at, _afterEnd ? Restart : Unexplained);

    /// <summary>A gap line the recorder wrote: its span is uncovered whatever its length. One with to before from is ignored.</summary>
    public void GapLine(DateTimeOffset from, DateTimeOffset to, string reason)
    {
        if (to < from)
        {
            return;
        }

        Extend(from, to);
        AddUncovered(from, to, reason, namedByGapLine: true);
    }

    /// <summary>Counts the hole still open; call once after the last line.</summary>
    public void Finish()
    {
        if (_open)
        {
            Close();
        }
    }

    private void Point(DateTimeOffset at, string reasonIfHole)
    {
        if (!_hasPoint)
        {
            OpeningReason = reasonIfHole;
            _hasPoint = true;
            _lastPoint = at;
            Extend(at, at);
            return;
        }

        Extend(at, at);
        if (at - _lastPoint > MaxGap)
        {
            AddUncovered(_lastPoint, at, reasonIfHole, namedByGapLine: false);
        }

        // A point earlier than the last (time going backwards) is a defect of its own, not a reason to look back.
        if (at > _lastPoint)
        {
            _lastPoint = at;
        }
    }

    private void Extend(DateTimeOffset from, DateTimeOffset to)
    {
        if (!_any)
        {
            _any = true;
            _first = from;
            _last = to;
            return;
        }

        if (from < _first)
        {
            _first = from;
        }

        if (to > _last)
        {
            _last = to;
        }
    }

    private void AddUncovered(DateTimeOffset from, DateTimeOffset to, string reason, bool namedByGapLine)
    {
        if (from < _countedUntil)
        {
            if (to <= _countedUntil)
            {
                return;
            }

            from = _countedUntil;
        }

        if (!_open)
        {
            Open(from, to, reason, namedByGapLine);
            return;
        }

        // Holes of some length merge when they share time; an instant (a gap line with from = to) when it touches.
        bool instant = from == to || _openFrom == _openTo;
        bool overlaps = instant ? from <= _openTo && to >= _openFrom : from < _openTo && to > _openFrom;
        if (overlaps)
        {
            _openFrom = from < _openFrom ? from : _openFrom;
            _openTo = to > _openTo ? to : _openTo;
            if (namedByGapLine && !_openNamedByGapLine)
            {
                _openReason = reason;
                _openNamedByGapLine = true;
            }

            return;
        }

        if (from >= _openTo)
        {
            Close();
            Open(from, to, reason, namedByGapLine);
            return;
        }

        // Wholly before the open hole and after everything counted: a gap line written late.
        Count(new CoverageHole(from, to, reason));
    }

    private void Open(DateTimeOffset from, DateTimeOffset to, string reason, bool namedByGapLine)
    {
        _open = true;
        _openFrom = from;
        _openTo = to;
        _openReason = reason;
        _openNamedByGapLine = namedByGapLine;
    }

    private void Close()
    {
        _open = false;
        Count(new CoverageHole(_openFrom, _openTo, _openReason));
    }

    private void Count(CoverageHole hole)
    {
        Uncovered += hole.Length;
        HoleCount++;
        if (hole.To > _countedUntil)
        {
            _countedUntil = hole.To;
        }

        _onHole(hole);
    }
}
