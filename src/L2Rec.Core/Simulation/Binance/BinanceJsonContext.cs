using System.Text.Json.Serialization;

namespace L2Rec.Simulation.Binance;

/// <summary>Source-generated JSON for the few values the simulated Binance reads whole (AOT-safe).</summary>
[JsonSerializable(typeof(List<string>))]
internal sealed partial class BinanceJsonContext : JsonSerializerContext;
