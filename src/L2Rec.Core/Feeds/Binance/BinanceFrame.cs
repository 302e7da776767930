using L2Rec.Books;

namespace L2Rec.Feeds.Binance;

/// <summary>What a Binance frame is.</summary>
internal enum BinanceFrameKind
{
    /// <summary>Anything the recorder does not use (another event type, a partial-depth stream).</summary>
    Other,

    /// <summary>A diff-depth event: <c>U</c>, <c>u</c> (and <c>pu</c> on USD-M), levels in <c>b</c>/<c>a</c>.</summary>
    Depth,

    /// <summary>A <c>bookTicker</c>: the best bid and ask at update id <c>u</c>.</summary>
    BookTicker,

    /// <summary>The answer to a control message (<c>{"result":…,"id":1}</c>), such as the liveness probe's.</summary>
    Response,

    /// <summary>An error answer (<c>{"code":2,"msg":"Invalid request"}</c>).</summary>
    Error,

    /// <summary>The server says it will close the connection soon.</summary>
    ServerShutdown,
}

/// <summary>
/// One parsed frame, reused for every frame of a connection: its level arrays grow to the largest event seen and are
/// then never reallocated, so steady-state parsing allocates nothing.
/// </summary>
internal sealed class BinanceFrame
{
    private PriceLevel[] _bids = new PriceLevel[64];
    private PriceLevel[] _asks = new PriceLevel[64];

    public BinanceFrameKind Kind { get; set; }

    /// <summary>The symbol's index in the feed's list, or -1 when the frame names none the feed records.</summary>
    public int SymbolIndex { get; set; } = -1;

    /// <summary><c>U</c>: the first update id the event covers.</summary>
    public long FirstId { get; set; }

    /// <summary><c>u</c>: the last update id the event (or bookTicker) covers.</summary>
    public long LastId { get; set; }

    /// <summary><c>pu</c> (USD-M): the previous event's <c>u</c>; -1 when absent (spot).</summary>
    public long PreviousId { get; set; } = -1;

    /// <summary><c>E</c>, Unix milliseconds; -1 when absent.</summary>
    public long EventTime { get; set; } = -1;

    /// <summary><c>T</c> (USD-M), Unix milliseconds; -1 when absent.</summary>
    public long TransactionTime { get; set; } = -1;

    public int BidCount { get; private set; }

    public int AskCount { get; private set; }

    public ReadOnlySpan<PriceLevel> Bids => _bids.AsSpan(0, BidCount);

    public ReadOnlySpan<PriceLevel> Asks => _asks.AsSpan(0, AskCount);

    public FixedDecimal BestBid { get; set; }

    public FixedDecimal BestBidQty { get; set; }

    public FixedDecimal BestAsk { get; set; }

    public FixedDecimal BestAskQty { get; set; }

    /// <summary>The error code of an error answer.</summary>
    public long Code { get; set; }

    /// <summary>The message of an error answer (allocated only for errors).</summary>
    public string? Message { get; set; }

    public void Reset()
    {
        Kind = BinanceFrameKind.Other;
        SymbolIndex = -1;
        FirstId = 0;
        LastId = 0;
        PreviousId = -1;
        EventTime = -1;
        TransactionTime = -1;
        BidCount = 0;
        AskCount = 0;
        BestBid = default;
        BestBidQty = default;
        BestAsk = default;
        BestAskQty = default;
        Code = 0;
        Message = null;
    }

    public void AddBid(PriceLevel level) => Add(ref _bids, BidCount++, level);

    public void AddAsk(PriceLevel level) => Add(ref _asks, AskCount++, level);

    private static void Add(ref PriceLevel[] levels, int index, PriceLevel level)
    {
        if (index == levels.Length)
        {
            Array.Resize(ref levels, levels.Length * 2);
        }

        levels[index] = level;
    }
}
