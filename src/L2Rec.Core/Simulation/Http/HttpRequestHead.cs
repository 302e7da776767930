using System.Text;

namespace L2Rec.Simulation.Http;

/// <summary>
/// The head of one HTTP/1.1 request as the simulator reads it: method, target (path and query), headers. Enough for a
/// WebSocket upgrade and for REST GETs; no bodies.
/// </summary>
internal sealed class HttpRequestHead
{
    private readonly Dictionary<string, string> _headers;

    private HttpRequestHead(string method, string target, string version, Dictionary<string, string> headers)
    {
        Method = method;
        Target = target;
        Version = version;
        _headers = headers;
        int question = target.IndexOf('?', StringComparison.Ordinal);
        Path = question < 0 ? target : target[..question];
        QueryText = question < 0 ? string.Empty : target[(question + 1)..];
        Query = ParseQuery(QueryText);
    }

    public string Method { get; }

    /// <summary>The request target as sent (<c>/api/v3/depth?symbol=BTCUSDT</c>).</summary>
    public string Target { get; }

    public string Version { get; }

    /// <summary>The target without its query, not decoded.</summary>
    public string Path { get; }

    public string QueryText { get; }

    /// <summary>Query parameters, percent-decoded; a repeated name keeps every value in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }

    public bool IsWebSocketUpgrade =>
        Header("Upgrade") is { } upgrade && upgrade.Equals("websocket", StringComparison.OrdinalIgnoreCase) && Header("Sec-WebSocket-Key") is not null;

    /// <summary>True when the client asked for the connection to end after this answer (or speaks HTTP/1.0).</summary>
    public bool WantsClose =>
        (Header("Connection") is { } connection && connection.Contains("close", StringComparison.OrdinalIgnoreCase)) ||
        Version.Equals("HTTP/1.0", StringComparison.Ordinal);

    /// <summary>True when the request says it carries a body (the simulator takes none).</summary>
    public bool HasBody =>
        Header("Transfer-Encoding") is not null || (Header("Content-Length") is { } length && length.Trim() != "0");

    public string? Header(string name) => _headers.TryGetValue(name, out string? value) ? value : null;

    /// <summary>The first value of a query parameter, or null.</summary>
    public string? Parameter(string name)
    {
        foreach (KeyValuePair<string, string> pair in Query)
        {
            if (pair.Key.Equals(name, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>Parses a head (everything before the blank line); null when it is not an HTTP/1.x request.</summary>
    public static HttpRequestHead? TryParse(ReadOnlySpan<byte> head)
    {
        string text = Encoding.ASCII.GetString(head);
        string[] lines = text.Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || requestLine[1].Length == 0)
        {
            return null;
        }

        Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        return new HttpRequestHead(requestLine[0], requestLine[1], requestLine[2], headers);
    }

    private static List<KeyValuePair<string, string>> ParseQuery(string query)
    {
        List<KeyValuePair<string, string>> pairs = [];
        foreach (string part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? part : part[..equals];
            string value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add(new(Uri.UnescapeDataString(name.Replace('+', ' ')), Uri.UnescapeDataString(value.Replace('+', ' '))));
        }

        return pairs;
    }
}
