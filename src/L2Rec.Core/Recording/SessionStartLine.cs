namespace L2Rec.Recording;

/// <summary>What a <c>session start</c> line says about the recording that follows it.</summary>
/// <remarks><c>Proof</c> names the evidence every book line of the session carries: <c>checksum</c>, <c>sequence</c>.</remarks>
public sealed record SessionStartLine(
    string Exchange,
    string Symbol,
    int Depth,
    TimeSpan Interval,
    int PricePrecision,
    int QtyPrecision,
    IReadOnlyList<string> Proof,
    bool Resumed,
    bool Continues,
    string Recorder,
    int Pid,
    DateTimeOffset Time);
