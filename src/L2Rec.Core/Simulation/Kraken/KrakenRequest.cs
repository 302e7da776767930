using System.Text.Json;

namespace L2Rec.Simulation.Kraken;

/// <summary>A client request as Kraken v2 reads it: <c>method</c>, <c>params</c> (channel, symbol list, depth), <c>req_id</c>.</summary>
internal sealed record KrakenRequest(string? Method, string? Channel, IReadOnlyList<string> Symbols, int? Depth, long? RequestId)
{
    public static KrakenRequest? TryParse(ReadOnlySpan<byte> json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json.ToArray());
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? method = root.TryGetProperty("method", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            long? requestId = root.TryGetProperty("req_id", out JsonElement r) && r.TryGetInt64(out long id) ? id : null;
            string? channel = null;
            int? depth = null;
            List<string> symbols = [];
            if (root.TryGetProperty("params", out JsonElement p) && p.ValueKind == JsonValueKind.Object)
            {
                channel = p.TryGetProperty("channel", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                depth = p.TryGetProperty("depth", out JsonElement d) && d.TryGetInt32(out int dv) ? dv : null;
                if (p.TryGetProperty("symbol", out JsonElement s) && s.ValueKind == JsonValueKind.Array)
                {
                    symbols.AddRange(s.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
                }
            }

            return new KrakenRequest(method, channel, symbols, depth, requestId);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
