using System.Text;
using L2Rec.Feeds.Kraken;

namespace L2Rec.Tests.Feeds;

public sealed class KrakenFrameParserTests
{
    private readonly KrakenFrameParser _parser = new(["BTC/USD", "ETH/USD"]);
    private readonly KrakenFrame _frame = new();

    private bool Parse(string json) => _parser.TryParse(Encoding.UTF8.GetBytes(json), _frame);

    [Fact]
    public void Book_update_is_read_by_key_in_any_order_with_a_checksum_above_int_max()
    {
        Parse("""{"data":[{"checksum":3310070434,"asks":[{"qty":0.5,"price":45285.2}],"timestamp":"2023-10-06T17:35:55.440295Z","bids":[],"symbol":"ETH/USD"}],"type":"update","channel":"book"}""").Should().BeTrue();
        _frame.Kind.Should().Be(KrakenFrameKind.BookUpdate);
        KrakenBookEntry entry = _frame.Entry(0);
        entry.SymbolIndex.Should().Be(1);
        entry.Checksum.Should().Be(3310070434u);
        entry.Asks[0].Price.ToString().Should().Be("45285.2");
        entry.Timestamp.Should().Be(new DateTimeOffset(2023, 10, 6, 17, 35, 55, TimeSpan.Zero).AddTicks(4402950));
    }

    [Fact]
    public void Several_data_elements_are_all_read()
    {
        Parse("""{"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[],"asks":[],"checksum":0},{"symbol":"XBT/USD","bids":[],"asks":[],"checksum":0}]}""").Should().BeTrue();
        _frame.Kind.Should().Be(KrakenFrameKind.BookSnapshot);
        _frame.EntryCount.Should().Be(2);
        _frame.Entry(1).SymbolIndex.Should().Be(-1);
    }

    [Theory]
    [InlineData("""{"channel":"heartbeat"}""", KrakenFrameKind.Heartbeat)]
    [InlineData("""{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":13834774380200032777,"system":"online","version":"2.0.0"}]}""", KrakenFrameKind.Status)]
    [InlineData("""{"method":"pong","req_id":101,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"}""", KrakenFrameKind.MethodResponse)]
    public void Control_frames_are_classified(string json, KrakenFrameKind kind)
    {
        Parse(json).Should().BeTrue();
        _frame.Kind.Should().Be(kind);
    }

    [Fact]
    public void Subscribe_ack_and_error_carry_symbol_channel_and_request_id()
    {
        Parse("""{"method":"subscribe","result":{"channel":"book","depth":10,"snapshot":true,"symbol":"BTC/USD","warnings":["x"]},"success":true,"time_in":"a","time_out":"b","req_id":2}""").Should().BeTrue();
        _frame.Success.Should().BeTrue();
        _frame.ResponseSymbol.Should().Be("BTC/USD");
        _frame.ResponseChannel.Should().Be("book");
        _frame.RequestId.Should().Be(2);

        Parse("""{"error":"Currency pair not supported XBT/USD","method":"subscribe","success":false,"symbol":"XBT/USD","req_id":1}""").Should().BeTrue();
        _frame.Success.Should().BeFalse();
        _frame.Error.Should().Be("Currency pair not supported XBT/USD");
        _frame.ResponseSymbol.Should().Be("XBT/USD");
    }

    [Fact]
    public void Instrument_snapshot_gives_precisions_and_accepts_exponent_numbers()
    {
        Parse("""{"channel":"instrument","type":"snapshot","data":{"assets":[{"id":"BTC"}],"pairs":[{"symbol":"BTC/USD","qty_increment":1E-8,"price_precision":1,"qty_precision":8,"price_increment":0.1},{"symbol":"SHIB/USD","price_precision":8,"qty_precision":5}]}}""").Should().BeTrue();
        _frame.Kind.Should().Be(KrakenFrameKind.Instrument);
        _frame.Instruments.Should().Equal(new KrakenInstrument("BTC/USD", 1, 8), new KrakenInstrument("SHIB/USD", 8, 5));
    }

    [Fact]
    public void The_fast_path_for_canonical_book_frames_reads_exactly_what_the_general_reader_reads()
    {
        Random random = new(11);
        KrakenFrame general = new();
        for (int round = 0; round < 500; round++)
        {
            string Levels() => string.Join(',', Enumerable.Range(0, random.Next(0, 12)).Select(_ =>
                $"{{\"price\":{random.Next(1, 99999)}.{random.Next(0, 10)},\"qty\":{(random.Next(4) == 0 ? "0.00000000" : $"{random.Next(0, 50)}.{random.Next(0, 99999999):D8}")}}}"));
            string bids = Levels();
            string asks = Levels();
            string type = round % 10 == 0 ? "snapshot" : "update";
            string timestamp = round % 3 == 0 ? string.Empty : ",\"timestamp\":\"2025-05-06T09:17:26.208075Z\"";
            uint checksum = (uint)random.NextInt64(0, uint.MaxValue + 1L);
            string symbol = round % 7 == 0 ? "XBT/USD" : "BTC/USD";
            string canonical = $"{{\"channel\":\"book\",\"type\":\"{type}\",\"data\":[{{\"symbol\":\"{symbol}\",\"bids\":[{bids}],\"asks\":[{asks}],\"checksum\":{checksum}{timestamp}}}]}}";
            string reordered = $"{{\"data\":[{{\"checksum\":{checksum},\"asks\":[{asks}],\"bids\":[{bids}]{timestamp},\"symbol\":\"{symbol}\"}}],\"type\":\"{type}\",\"channel\":\"book\"}}";

            Parse(canonical).Should().BeTrue();
            _parser.TryParse(Encoding.UTF8.GetBytes(reordered), general).Should().BeTrue();
            _frame.Kind.Should().Be(general.Kind);
            _frame.EntryCount.Should().Be(1);
            KrakenBookEntry fast = _frame.Entry(0);
            KrakenBookEntry slow = general.Entry(0);
            fast.SymbolIndex.Should().Be(slow.SymbolIndex);
            fast.Checksum.Should().Be(slow.Checksum);
            fast.HasChecksum.Should().Be(slow.HasChecksum);
            fast.Timestamp.Should().Be(slow.Timestamp);
            fast.Bids.ToArray().Should().Equal(slow.Bids.ToArray(), (a, b) => a.Price.Units == b.Price.Units && a.Price.Scale == b.Price.Scale && a.Qty.Units == b.Qty.Units && a.Qty.Scale == b.Qty.Scale);
            fast.Asks.ToArray().Should().Equal(slow.Asks.ToArray(), (a, b) => a.Price.Units == b.Price.Units && a.Price.Scale == b.Price.Scale && a.Qty.Units == b.Qty.Units && a.Qty.Scale == b.Qty.Scale);
        }
    }

    [Theory]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":01.5,\"qty\":1}],\"asks\":[],\"checksum\":1}]}")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[],\"checksum\":4294967296}]}")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[],\"checksum\":1}]}x")]
    public void Canonical_looking_frames_json_does_not_allow_are_still_unparseable(string json) => Parse(json).Should().BeFalse();

    [Theory]
    [InlineData("\u0001not json {{")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"channel\":\"book\"} trailing")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":\"x\",\"qty\":1}]}]}")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"checksum\":-5}]}")]
    [InlineData("")]
    public void Garbage_is_reported_as_unparseable_never_thrown(string json) => Parse(json).Should().BeFalse();
}
