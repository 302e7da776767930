namespace L2Rec.Simulation;

/// <summary>
/// A market's pace, as a factor on the configured rate: mostly steady (1), with bursts (3) and quiet spells (0), each
/// lasting a second or a few. With <c>bursty</c> false it is always 1.
/// </summary>
internal sealed class MarketPace(Random random, bool bursty)
{
    private long _until;
    private double _factor = 1;

    public double Factor(TimeProvider time)
    {
        if (!bursty)
        {
            return 1;
        }

        long now = time.GetTimestamp();
        if (now >= _until)
        {
            int roll = random.Next(100);
            (double factor, double seconds) = roll switch
            {
                < 70 => (1.0, 2 + (random.NextDouble() * 4)),
                < 85 => (3.0, 0.5 + random.NextDouble()),
                _ => (0.0, 1 + (random.NextDouble() * 1.5)),
            };
            _factor = factor;
            _until = now + (long)(seconds * time.TimestampFrequency);
        }

        return _factor;
    }
}
