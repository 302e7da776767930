namespace L2Rec.Feeds.Kraken;

/// <summary>A parsed Kraken v2 frame. One instance is reused for every frame of a connection.</summary>
public sealed class KrakenFrame
{
    private KrakenBookEntry[] _entries = [new KrakenBookEntry()];

    public KrakenFrameKind Kind { get; internal set; }

    public int EntryCount { get; private set; }

    public KrakenBookEntry Entry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)EntryCount, nameof(index));
        return _entries[index];
    }

    /// <summary>For a method response: <c>subscribe</c>, <c>unsubscribe</c>, <c>pong</c>...</summary>
    public string? Method { get; internal set; }

    public bool? Success { get; internal set; }

    /// <summary>The <c>req_id</c> a response echoes, or -1.</summary>
    public long RequestId { get; internal set; } = -1;

    public string? Error { get; internal set; }

    /// <summary>The symbol a response is about (<c>result.symbol</c>, or <c>symbol</c> beside an error).</summary>
    public string? ResponseSymbol { get; internal set; }

    /// <summary>The channel a response is about (<c>result.channel</c>).</summary>
    public string? ResponseChannel { get; internal set; }

    /// <summary>The engine state from a <c>status</c> frame (<c>online</c>, <c>maintenance</c>...).</summary>
    public string? SystemStatus { get; internal set; }

    public List<KrakenInstrument> Instruments { get; } = [];

    /// <summary>For an instrument frame: the whole list (a snapshot) rather than the pairs that changed (an update).</summary>
    public bool IsInstrumentSnapshot { get; internal set; }

    internal void Reset()
    {
        Kind = KrakenFrameKind.Unknown;
        EntryCount = 0;
        Method = null;
        Success = null;
        RequestId = -1;
        Error = null;
        ResponseSymbol = null;
        ResponseChannel = null;
        SystemStatus = null;
        Instruments.Clear();
        IsInstrumentSnapshot = false;
    }

    internal KrakenBookEntry NextEntry()
    {
        if (EntryCount == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
            for (int i = EntryCount; i < _entries.Length; i++)
            {
                _entries[i] = new KrakenBookEntry();
            }
        }

        KrakenBookEntry entry = _entries[EntryCount++];
        entry.Reset();
        return entry;
    }
}
