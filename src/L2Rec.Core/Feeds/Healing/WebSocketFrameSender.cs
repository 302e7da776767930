using System.Net.WebSockets;
using System.Text;

namespace L2Rec.Feeds.Healing;

/// <summary>Serialises sends on one socket; posted sends never block the receive loop and die with the connection.</summary>
internal sealed class WebSocketFrameSender(WebSocket socket, TimeProvider time, CancellationToken connection) : IFrameSender
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task SendAsync(string text)
    {
        await _gate.WaitAsync(connection).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, connection).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Post(string text) => _ = SendQuietlyAsync(text, TimeSpan.Zero);

    public void PostLater(string text, TimeSpan delay) => _ = SendQuietlyAsync(text, delay);

    private async Task SendQuietlyAsync(string text, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, connection).ConfigureAwait(false);
            }

            await SendAsync(text).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The connection ended; the reconnect subscribes afresh.
        }
    }
}
