using System.Globalization;
using System.Text;

namespace L2Rec.Simulation.Http;

/// <summary>One HTTP/1.1 answer: status, extra headers, a body (sent with its Content-Length), and whether to close.</summary>
internal sealed record HttpReply(int Status, string Reason, byte[] Body, string? ContentType = HttpReply.JsonType)
{
    public const string JsonType = "application/json;charset=UTF-8";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>End the connection after this answer.</summary>
    public bool Close { get; init; }

    public static HttpReply Json(int status, string reason, byte[] body, params KeyValuePair<string, string>[] headers) =>
        new(status, reason, body) { Headers = headers };

    /// <summary>The status line, headers and body as one buffer, so the answer leaves in one write.</summary>
    public byte[] Encode(bool close)
    {
        StringBuilder head = new();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {Status} {Reason}\r\n");
        if (ContentType is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {ContentType}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {Body.Length}\r\n");
        foreach (KeyValuePair<string, string> header in Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{header.Key}: {header.Value}\r\n");
        }

        head.Append(close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n");
        byte[] headBytes = Encoding.ASCII.GetBytes(head.ToString());
        byte[] all = new byte[headBytes.Length + Body.Length];
        headBytes.CopyTo(all, 0);
        Body.CopyTo(all, headBytes.Length);
        return all;
    }
}
