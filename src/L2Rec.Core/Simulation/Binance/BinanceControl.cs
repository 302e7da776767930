using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace L2Rec.Simulation.Binance;

/// <summary>
/// Binance's WebSocket control messages (<c>SUBSCRIBE</c>, <c>UNSUBSCRIBE</c>, <c>LIST_SUBSCRIPTIONS</c>,
/// <c>SET_PROPERTY</c>, <c>GET_PROPERTY</c>): reading a request and writing its answer, <c>{"result":..,"id":..}</c> or
/// the documented error shape <c>{"code":N,"msg":"..."}</c> (with the id when the request had a usable one).
/// </summary>
internal static class BinanceControl
{
    public const int MaxStreams = 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What a connection does with one client message.</summary>
    public interface IHandler
    {
        IReadOnlyList<string> Subscriptions { get; }

        bool Combined { get; set; }

        /// <summary>False when the connection would go over <see cref="MaxStreams"/>.</summary>
        bool Subscribe(IReadOnlyList<string> streams);

        void Unsubscribe(IReadOnlyList<string> streams);
    }

    /// <summary>Handles one text message and returns the answer to send.</summary>
    public static byte[] Handle(ReadOnlySpan<byte> message, bool futures, IHandler handler)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.ToArray());
        }
        catch (JsonException ex)
        {
            return Error(3, $"Invalid JSON: expected value at line {(ex.LineNumber ?? 0) + 1} column {(ex.BytePositionInLine ?? 0) + 1}", null);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Error(2, "Invalid request: expected a JSON object", null);
            }

            if (!TryReadId(root, futures, out JsonElement? id))
            {
                return Error(2, "Invalid request: request ID must be an unsigned integer", null);
            }

            if (!root.TryGetProperty("method", out JsonElement method) || method.ValueKind != JsonValueKind.String)
            {
                return Error(2, "Invalid request: missing field `method`", id);
            }

            JsonElement parameters = root.TryGetProperty("params", out JsonElement p) ? p : default;
            switch (method.GetString())
            {
                case "SUBSCRIBE":
                case "UNSUBSCRIBE":
                    if (!TryReadStreams(parameters, out List<string> streams))
                    {
                        return Error(2, "Invalid request: invalid stream", id);
                    }

                    if (method.GetString() == "UNSUBSCRIBE")
                    {
                        handler.Unsubscribe(streams);
                    }
                    else if (!handler.Subscribe(streams))
                    {
                        return Error(4, "Too many subscriptions", id);
                    }

                    return Result(w => w.WriteNullValue(), id);
                case "LIST_SUBSCRIPTIONS":
                    return Result(
                        w =>
                        {
                            w.WriteStartArray();
                            foreach (string stream in handler.Subscriptions)
                            {
                                w.WriteStringValue(stream);
                            }

                            w.WriteEndArray();
                        },
                        id);
                case "SET_PROPERTY":
                    if (parameters.ValueKind != JsonValueKind.Array || parameters.GetArrayLength() != 2 || parameters[0].ValueKind != JsonValueKind.String)
                    {
                        return Error(2, "Invalid request: property name must be a string", id);
                    }

                    if (parameters[0].GetString() != "combined")
                    {
                        return Error(0, "Unknown property", id);
                    }

                    if (parameters[1].ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        return Error(1, "Invalid value type: expected Boolean", id);
                    }

                    handler.Combined = parameters[1].GetBoolean();
                    return Result(w => w.WriteNullValue(), id);
                case "GET_PROPERTY":
                    if (parameters.ValueKind != JsonValueKind.Array || parameters.GetArrayLength() != 1 || parameters[0].ValueKind != JsonValueKind.String)
                    {
                        return Error(2, "Invalid request: property name must be a string", id);
                    }

                    if (parameters[0].GetString() != "combined")
                    {
                        return Error(0, "Unknown property", id);
                    }

                    bool combined = handler.Combined;
                    return Result(w => w.WriteBooleanValue(combined), id);
                default:
                    return Error(2, $"Invalid request: unknown variant `{method.GetString()}`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`", id);
            }
        }
    }

    /// <summary>
    /// A stream name as Binance accepts it: anything printable with an <c>@</c> (an unknown symbol, an unknown kind or
    /// an upper-case name is acknowledged and then never delivers).
    /// </summary>
    public static bool IsWellFormed(string stream) =>
        stream.Length is > 2 and <= 200 && stream.IndexOf('@', StringComparison.Ordinal) > 0 && stream.All(c => c > ' ' && c != '/' && c != '"');

    private static bool TryReadId(JsonElement root, bool futures, out JsonElement? id)
    {
        id = null;
        if (!root.TryGetProperty("id", out JsonElement value))
        {
            return false;
        }

        id = value.Clone();
        return value.ValueKind switch
        {
            JsonValueKind.Number => futures ? value.TryGetUInt64(out _) : value.TryGetInt64(out _),
            JsonValueKind.String => !futures && value.GetString()!.Length <= 36,
            JsonValueKind.Null => !futures,
            _ => false,
        };
    }

    private static bool TryReadStreams(JsonElement parameters, out List<string> streams)
    {
        streams = [];
        if (parameters.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (JsonElement item in parameters.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !IsWellFormed(item.GetString()!))
            {
                return false;
            }

            streams.Add(item.GetString()!);
        }

        return true;
    }

    private static byte[] Result(Action<Utf8JsonWriter> result, JsonElement? id)
    {
        ArrayBufferWriter<byte> buffer = new(256);
        using (Utf8JsonWriter w = new(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WritePropertyName("result"u8);
            result(w);
            w.WritePropertyName("id"u8);
            id!.Value.WriteTo(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Error(int code, string message, JsonElement? id)
    {
        ArrayBufferWriter<byte> buffer = new(256);
        using (Utf8JsonWriter w = new(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("code"u8, code);
            w.WriteString("msg"u8, message);
            if (id is { } value)
            {
                w.WritePropertyName("id"u8);
                value.WriteTo(w);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
