using L2Rec.Feeds;

namespace L2Rec.Recording;

/// <summary>An outage of one book that has not yet been written: it becomes a <c>gap</c> line when data resumes.</summary>
internal sealed class PendingOutage(OutageReason reason, DateTimeOffset from, string detail)
{
    public OutageReason Reason { get; } = reason;

    public DateTimeOffset From { get; } = from;

    public string Detail { get; private set; } = detail;

    public int Retries { get; private set; }

    /// <summary>Later faults of the same outage (failed reconnects) are counted, not written one by one.</summary>
    public void Extend(string detail)
    {
        Retries++;
        Detail = $"{FirstDetail()} (then {Retries} failed retr{(Retries == 1 ? "y" : "ies")}, last: {detail})";
    }

    private string FirstDetail()
    {
        int cut = Detail.IndexOf(" (then ", StringComparison.Ordinal);
        return cut < 0 ? Detail : Detail[..cut];
    }
}
