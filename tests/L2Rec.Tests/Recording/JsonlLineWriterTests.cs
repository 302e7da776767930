using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using L2Rec.Books;
using L2Rec.Feeds;
using L2Rec.Recording;
using Microsoft.Extensions.Time.Testing;

namespace L2Rec.Tests.Recording;

public sealed class JsonlLineWriterTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 25, 7, 30, 1, 234, TimeSpan.Zero);

    [Fact]
    public void Book_lines_are_byte_for_byte_what_a_json_writer_gives_for_random_books()
    {
        // The book line is written by hand for speed; Utf8JsonWriter, fed the same values through decimal text,
        // is the independent reference for every byte: keys, order, separators, padding and escaping.
        Random random = new(11);
        JsonlLineWriter writer = new();
        string[] symbols = ["BTC/USD", "ETH/EUR", "A\"B/C\\D", "ÄÖ/USD"];
        for (int i = 0; i < 500; i++)
        {
            int depth = random.Next(1, 30);
            LiveBook live = new(symbols[i % symbols.Length], depth, new FakeTimeProvider())
            {
                PricePrecision = random.Next(-1, 9),
                QtyPrecision = random.Next(-1, 9),
                HasChecksum = random.Next(3) > 0,
                Checksum = (uint)random.NextInt64(0, uint.MaxValue + 1L),
                HasSequence = random.Next(2) == 0,
                Sequence = random.NextInt64(0, long.MaxValue),
                ExchangeTime = Received.AddTicks(-random.Next(0, 10_000_000)),
            };
            for (int level = random.Next(0, depth + 1); level > 0; level--)
            {
                live.Book.Bids.Set(RandomValue(random), RandomValue(random));
            }

            for (int level = random.Next(0, depth + 1); level > 0; level--)
            {
                live.Book.Asks.Set(RandomValue(random), RandomValue(random));
            }

            string line = Encoding.UTF8.GetString(writer.Book("kraken", live, Received));

            line.Should().Be(Reference("kraken", live, Received));
            using JsonDocument parsed = JsonDocument.Parse(line);
            parsed.RootElement.GetProperty("symbol").GetString().Should().Be(live.Symbol);
        }
    }

    [Fact]
    public void A_deep_book_grows_the_line_buffer()
    {
        LiveBook live = new("BTC/USD", 1000, new FakeTimeProvider()) { PricePrecision = 8, QtyPrecision = 8, HasChecksum = true };
        for (int i = 1; i <= 1000; i++)
        {
            live.Book.Bids.Set(new FixedDecimal(long.MaxValue - i, 18), new FixedDecimal(-long.MaxValue + i, 18));
            live.Book.Asks.Set(new FixedDecimal(i, 0), new FixedDecimal(i, 0));
        }

        string line = Encoding.UTF8.GetString(new JsonlLineWriter().Book("kraken", live, Received));

        line.Should().Be(Reference("kraken", live, Received));
        line.Should().EndWith("}\n");
    }

    [Fact]
    public void A_line_holds_the_written_depth_and_never_a_level_outside_the_vouched_band()
    {
        // Kept 50 deep, written 10 deep, and only prices the last snapshot covered: bids from 95, asks up to 103.
        LiveBook live = new("BTCUSDT", 50, new FakeTimeProvider(), writeDepth: 10)
        {
            PricePrecision = 0,
            QtyPrecision = 0,
            HasSequence = true,
            Sequence = 71234567890,
            BidFloor = new FixedDecimal(95, 0),
            AskCeiling = new FixedDecimal(103, 0),
        };
        for (int i = 0; i < 30; i++)
        {
            live.Book.Bids.Set(new FixedDecimal(99 - i, 0), new FixedDecimal(1, 0));
            live.Book.Asks.Set(new FixedDecimal(100 + i, 0), new FixedDecimal(1, 0));
        }

        using JsonDocument line = JsonDocument.Parse(new JsonlLineWriter().Book("binance", live, Received).ToArray());

        line.RootElement.GetProperty("bids").EnumerateArray().Select(l => l[0].GetInt32()).Should().Equal(99, 98, 97, 96, 95);
        line.RootElement.GetProperty("asks").EnumerateArray().Select(l => l[0].GetInt32()).Should().Equal(100, 101, 102, 103);
        line.RootElement.GetProperty("seq").GetInt64().Should().Be(71234567890);
        line.RootElement.TryGetProperty("checksum", out _).Should().BeFalse("this book was proven by its sequence, not a checksum");

        live.BidFloor = null;
        live.AskCeiling = null;
        using JsonDocument unbounded = JsonDocument.Parse(new JsonlLineWriter().Book("binance", live, Received).ToArray());
        unbounded.RootElement.GetProperty("bids").GetArrayLength().Should().Be(10, "the written depth caps a line");
    }

    private static FixedDecimal RandomValue(Random random) =>
        new(random.NextInt64(0, 10_000_000_000_000), random.Next(0, 11));

    private static string Reference(string exchange, LiveBook live, DateTimeOffset received)
    {
        ArrayBufferWriter<byte> buffer = new();
        using (Utf8JsonWriter json = new(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("type", "book");
            json.WriteString("exchange", exchange);
            json.WriteString("symbol", live.Symbol);
            json.WriteString("time", Iso(live.ExchangeTime));
            json.WriteString("recv", Iso(received));
            WriteSide(json, "bids", live.WritableBids, live);
            WriteSide(json, "asks", live.WritableAsks, live);
            if (live.HasChecksum)
            {
                json.WriteNumber("checksum", live.Checksum);
            }

            if (live.HasSequence)
            {
                json.WriteNumber("seq", live.Sequence);
            }
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void WriteSide(Utf8JsonWriter json, string name, ReadOnlySpan<PriceLevel> levels, LiveBook live)
    {
        json.WriteStartArray(name);
        foreach (PriceLevel level in levels)
        {
            json.WriteStartArray();
            json.WriteRawValue(DecimalText(level.Price, live.PricePrecision));
            json.WriteRawValue(DecimalText(level.Qty, live.QtyPrecision));
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static string DecimalText(FixedDecimal value, int precision)
    {
        // System.Decimal keeps trailing zeros, so padding is a multiplication by 1.000… at the wanted scale.
        ulong magnitude = value.Units < 0 ? unchecked((ulong)-value.Units) : (ulong)value.Units;
        decimal number = new((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, value.Units < 0, value.Scale);
        if (precision > value.Scale && value.TryPadTo(precision, out _))
        {
            number *= new decimal(1, 0, 0, false, (byte)(precision - value.Scale)) * (decimal)Math.Pow(10, precision - value.Scale);
        }

        return number.ToString(CultureInfo.InvariantCulture);
    }

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
