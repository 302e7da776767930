namespace L2Rec.Recording;

/// <summary>What a <c>session start</c> line says about the recording that follows it.</summary>
public sealed record SessionStartLine(
    string Exchange,
    string Symbol,
    int Depth,
    TimeSpan Interval,
    int PricePrecision,
    int QtyPrecision,
    bool Resumed,
    bool Continues,
    string Recorder,
    int Pid,
    DateTimeOffset Time);
