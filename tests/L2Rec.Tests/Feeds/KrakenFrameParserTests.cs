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

    [Theory]
    [InlineData("\u0001not json {{")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"channel\":\"book\"} trailing")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":\"x\",\"qty\":1}]}]}")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"checksum\":-5}]}")]
    [InlineData("")]
    public void Garbage_is_reported_as_unparseable_never_thrown(string json) => Parse(json).Should().BeFalse();
}
