namespace L2Rec.Feeds.Healing;

/// <summary>Sends text frames on the current connection; posted sends never block the receive loop.</summary>
public interface IFrameSender
{
    Task SendAsync(string text);

    /// <summary>Sends without waiting; a send on a connection that has ended is dropped (the reconnect starts over).</summary>
    void Post(string text);

    /// <summary>Sends after <paramref name="delay"/>, on this connection only.</summary>
    void PostLater(string text, TimeSpan delay);
}
