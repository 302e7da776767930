using System.Text;
using L2Rec.Books;
using L2Rec.Feeds;
using L2Rec.Feeds.Kraken;
using L2Rec.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace L2Rec.Tests.Feeds;

/// <summary>The vectors of shared/research/kraken.md section 9, and random books against a plain reference.</summary>
public sealed class KrakenChecksumTests
{
    private static PriceLevel L(string price, string qty) => new(FixedDecimal.Parse(price), FixedDecimal.Parse(qty));

    [Fact]
    public void Vector1_Krakens_documented_example_gives_3310070434()
    {
        PriceLevel[] asks =
        [
            L("45285.2", "0.00100000"), L("45286.4", "1.54571953"), L("45286.6", "1.54571109"), L("45289.6", "1.54560911"),
            L("45290.2", "0.15890660"), L("45291.8", "1.54553491"), L("45294.7", "0.04454749"), L("45296.1", "0.35380000"),
            L("45297.5", "0.09945542"), L("45299.5", "0.18772827"),
        ];
        PriceLevel[] bids =
        [
            L("45283.5", "0.10000000"), L("45283.4", "1.54582015"), L("45282.1", "0.10000000"), L("45281.0", "0.10000000"),
            L("45280.3", "1.54592586"), L("45279.0", "0.07990000"), L("45277.6", "0.03310103"), L("45277.5", "0.30000000"),
            L("45277.3", "1.54602737"), L("45276.6", "0.15445238"),
        ];

        KrakenChecksum.Compute(asks, bids).Should().Be(3310070434u);
    }

    [Fact]
    public void Vector2_normalised_documentation_text_verifies_once_padded_to_the_pairs_precision()
    {
        KrakenFrameParser parser = new(["MATIC/USD"]);
        KrakenFrame frame = new();
        LiveBook live = new("MATIC/USD", 10, new FakeTimeProvider()) { PricePrecision = 4, QtyPrecision = 8 };
        KrakenChecksumCache checksum = new();
        string snapshot = """
            {"channel":"book","type":"snapshot","data":[{"symbol":"MATIC/USD","bids":[{"price":0.5666,"qty":4831.75496356},{"price":0.5665,"qty":6658.22734739},{"price":0.5664,"qty":18724.91513344},{"price":0.5663,"qty":11563.92544914},{"price":0.5662,"qty":14006.65365711},{"price":0.5661,"qty":17454.85679807},{"price":0.566,"qty":18097.1547},{"price":0.5659,"qty":33644.89175666},{"price":0.5658,"qty":148.3464},{"price":0.5657,"qty":606.70854372}],"asks":[{"price":0.5668,"qty":4410.79769741},{"price":0.5669,"qty":4655.40412487},{"price":0.567,"qty":49844.89424998},{"price":0.5671,"qty":24306.41678},{"price":0.5672,"qty":29783.25223475},{"price":0.5673,"qty":57234.71239278},{"price":0.5674,"qty":45065.04744},{"price":0.5675,"qty":5912.76380354},{"price":0.5676,"qty":42514.92434778},{"price":0.5677,"qty":36304.0847022}],"checksum":2439117997}]}
            """;
        parser.TryParse(Encoding.UTF8.GetBytes(snapshot), frame).Should().BeTrue();
        KrakenBookApplier.Apply(live, frame.Entry(0), snapshot: true, precisionKnown: true, checksum).Should().BeNull();
        live.IsVerified = true;

        string update = """{"channel":"book","type":"update","data":[{"symbol":"MATIC/USD","bids":[{"price":0.5657,"qty":1098.3947558}],"asks":[],"checksum":2114181697,"timestamp":"2023-10-06T17:35:55.440295Z"}]}""";
        parser.TryParse(Encoding.UTF8.GetBytes(update), frame).Should().BeTrue();
        KrakenBookApplier.Apply(live, frame.Entry(0), snapshot: false, precisionKnown: true, checksum).Should().BeNull();
        live.Book.Bids[9].Qty.ToString().Should().Be("1098.39475580");
    }

    [Fact]
    public void Vector2_without_padding_does_not_verify()
    {
        KrakenFrameParser parser = new(["MATIC/USD"]);
        KrakenFrame frame = new();
        LiveBook live = new("MATIC/USD", 10, new FakeTimeProvider());
        KrakenChecksumCache checksum = new();
        string snapshot = """{"channel":"book","type":"snapshot","data":[{"symbol":"MATIC/USD","bids":[{"price":0.566,"qty":18097.1547}],"asks":[{"price":0.567,"qty":1.5}],"checksum":1}]}""";
        parser.TryParse(Encoding.UTF8.GetBytes(snapshot), frame).Should().BeTrue();
        KrakenBookApplier.Apply(live, frame.Entry(0), snapshot: true, precisionKnown: false, checksum).Should().StartWith("checksum mismatch");
    }

    [Fact]
    public void Vector3_captured_snapshot_and_update_with_a_replacement_level_verify_from_wire_text()
    {
        KrakenFrameParser parser = new(["ETH/USD"]);
        KrakenFrame frame = new();
        LiveBook live = new("ETH/USD", 10, new FakeTimeProvider());
        KrakenChecksumCache checksum = new();
        string snapshot = """
            {"channel":"book","type":"snapshot","data":[{"symbol":"ETH/USD","bids":[{"price":1797.24,"qty":0.43393711},{"price":1797.18,"qty":139.10616255},{"price":1797.13,"qty":139.10995927},{"price":1797.12,"qty":0.80386470},{"price":1797.07,"qty":139.11517673},{"price":1796.98,"qty":5.22282896},{"price":1796.97,"qty":12.17138476},{"price":1796.95,"qty":139.69390939},{"price":1796.88,"qty":4.21870000},{"price":1796.85,"qty":1.22932317}],"asks":[{"price":1797.25,"qty":1.40355852},{"price":1797.28,"qty":10.82400000},{"price":1797.29,"qty":139.09899871},{"price":1797.30,"qty":139.09783403},{"price":1797.37,"qty":139.09216827},{"price":1797.41,"qty":5.24638952},{"price":1797.42,"qty":0.01780330},{"price":1797.46,"qty":33.05700000},{"price":1797.48,"qty":3.11556555},{"price":1797.49,"qty":139.49306646}],"checksum":2606672715}]}
            """;
        parser.TryParse(Encoding.UTF8.GetBytes(snapshot), frame).Should().BeTrue();
        KrakenBookApplier.Apply(live, frame.Entry(0), snapshot: true, precisionKnown: false, checksum).Should().BeNull();
        live.PricePrecision.Should().Be(2);
        live.QtyPrecision.Should().Be(8);
        live.IsVerified = true;

        string update = """{"channel":"book","type":"update","data":[{"symbol":"ETH/USD","bids":[],"asks":[{"price":1797.29,"qty":0.00000000},{"price":1797.52,"qty":1.56601318}],"checksum":3329440863,"timestamp":"2025-05-06T09:17:26.208075Z"}]}""";
        parser.TryParse(Encoding.UTF8.GetBytes(update), frame).Should().BeTrue();
        KrakenBookApplier.Apply(live, frame.Entry(0), snapshot: false, precisionKnown: false, checksum).Should().BeNull();
        live.Book.Asks.Count.Should().Be(10);
        live.Book.Asks[9].Price.ToString().Should().Be("1797.52");
    }

    [Fact]
    public void An_empty_book_hashes_the_empty_string() => KrakenChecksum.Compute([], []).Should().Be(0u);

    [Fact]
    public void Random_books_match_the_reference_implementation()
    {
        Random random = new(12345);
        for (int round = 0; round < 500; round++)
        {
            int pricePrecision = random.Next(0, 9);
            int qtyPrecision = random.Next(0, 11);
            int askCount = random.Next(0, 16);
            int bidCount = random.Next(0, 16);
            long mid = random.NextInt64(1000, 10_000_000);
            List<(decimal, decimal)> asks = [.. Enumerable.Range(1, askCount).Select(i => (Scaled(mid + i, pricePrecision), Scaled(random.NextInt64(1, 100_000_000_000), qtyPrecision)))];
            List<(decimal, decimal)> bids = [.. Enumerable.Range(1, bidCount).Select(i => (Scaled(mid - i, pricePrecision), Scaled(random.NextInt64(1, 100_000_000_000), qtyPrecision)))];

            PriceLevel[] askLevels = [.. asks.Select(a => Level(a, pricePrecision, qtyPrecision))];
            PriceLevel[] bidLevels = [.. bids.Select(b => Level(b, pricePrecision, qtyPrecision))];

            KrakenChecksum.Compute(askLevels, bidLevels).Should().Be(ReferenceChecksum.Compute(asks, bids, pricePrecision, qtyPrecision), $"round {round}");
        }
    }

    private static decimal Scaled(long units, int precision) => units / (decimal)Math.Pow(10, precision);

    private static PriceLevel Level((decimal Price, decimal Qty) level, int pricePrecision, int qtyPrecision) =>
        new(FixedDecimal.Parse(level.Price.ToString(System.Globalization.CultureInfo.InvariantCulture)).PadTo(pricePrecision),
            FixedDecimal.Parse(level.Qty.ToString(System.Globalization.CultureInfo.InvariantCulture)).PadTo(qtyPrecision));
}
