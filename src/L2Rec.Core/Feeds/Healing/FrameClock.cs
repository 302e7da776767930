namespace L2Rec.Feeds.Healing;

/// <summary>
/// When a connection last delivered a frame. The books of one connection share one clock, so a frame costs one
/// write however many symbols the connection carries.
/// </summary>
public sealed class FrameClock
{
    private long _lastFrameTimestamp;

    public long LastFrameTimestamp => Volatile.Read(ref _lastFrameTimestamp);

    public void Touch(long timestamp) => Volatile.Write(ref _lastFrameTimestamp, timestamp);
}
