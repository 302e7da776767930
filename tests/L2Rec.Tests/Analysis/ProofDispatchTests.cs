using System.Text;
using L2Rec.Analysis;
using L2Rec.Tests.Support;

namespace L2Rec.Tests.Analysis;

/// <summary>validate follows each session's <c>proof</c>: which fields a book line needs, and which rule checks them.</summary>
public sealed class ProofDispatchTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Sequence = ["sequence"];
    private readonly TempFolder _tmp = TempFolder.ForCaller(nameof(ProofDispatchTests));

    public void Dispose() => _tmp.Dispose();

    private ValidationReport Validate(DataFileBuilder file) => new FileValidator().Validate(file.Save(_tmp.File(Guid.NewGuid() + ".jsonl")));

    private static DataFileBuilder BinanceStart(DateTimeOffset at, int depth = 10) => BinanceStart(new DataFileBuilder(), at, depth);

    private static DataFileBuilder BinanceStart(DataFileBuilder file, DateTimeOffset at, int depth = 10) =>
        file.Start(at, depth, exchange: "binance", symbol: "BTCUSDT", proof: Sequence, pricePrecision: 2, qtyPrecision: 5);

    /// <summary>A Binance hour: sequence proof, no checksum anywhere, seq rising by a few ids a line.</summary>
    private static DataFileBuilder BinanceHour(Action<DataFileBuilder, int>? at = null)
    {
        DataFileBuilder file = BinanceStart(T0);
        for (int i = 1; i <= 3600; i++)
        {
            if (at is null)
            {
                file.SeqBook(T0.AddSeconds(i), 71_234_567_890L + (3 * i), i);
            }
            else
            {
                at(file, i);
            }
        }

        return file.End(T0.AddSeconds(3601));
    }

    [Fact]
    public void A_sequence_proof_file_with_no_checksum_on_any_line_scores_100()
    {
        ValidationReport report = Validate(BinanceHour());
        report.Defects.Should().BeEmpty();
        report.Snapshots.Should().Be(3600);
        report.Score.Should().Be(100);
    }

    [Fact]
    public void A_seq_going_backwards_is_flagged_once_on_its_line_and_costs_5()
    {
        ValidationReport report = Validate(BinanceHour((file, i) => file.SeqBook(T0.AddSeconds(i), i == 1000 ? 500 : 71_234_567_890L + (3 * i), i)));

        report.Defects.Keys.Should().Equal(DefectKind.SequenceBackwards);
        report.Defects[DefectKind.SequenceBackwards].Count.Should().Be(1, "the line after the dip rises again");
        report.Defects[DefectKind.SequenceBackwards].FirstLines.Should().Equal(1001L);
        report.Score.Should().Be(95);
        DefectNames.Of(DefectKind.SequenceBackwards).Should().Be("sequence_backwards");
    }

    [Fact]
    public void The_same_seq_on_consecutive_lines_is_fine()
    {
        // A quiet book is written every interval with the update id of the last message applied.
        ValidationReport report = Validate(BinanceHour((file, i) => file.SeqBook(T0.AddSeconds(i), 42 + (i / 100), i)));
        report.Defects.Should().BeEmpty();
        report.Score.Should().Be(100);
    }

    [Fact]
    public void A_gap_line_a_new_session_or_a_reset_line_starts_a_new_chain()
    {
        DataFileBuilder file = BinanceStart(T0);
        file.SeqBook(T0.AddSeconds(1), 9_000, 1).SeqBook(T0.AddSeconds(2), 9_001, 2);

        // A re-sync after an outage: Coinbase-style, the new connection counts from 1.
        file.Gap(T0.AddSeconds(2), T0.AddSeconds(4), "sequence");
        file.SeqBook(T0.AddSeconds(4), 1, 4).SeqBook(T0.AddSeconds(5), 2, 5);

        // An exchange-announced reset inside the chain (OKX seqId below prevSeqId, Bybit u = 1): no outage, no gap line.
        file.SeqBook(T0.AddSeconds(6), 1, 6, reset: true).SeqBook(T0.AddSeconds(7), 5, 7);

        // A restart: a new session.
        file.End(T0.AddSeconds(8));
        BinanceStart(file, T0.AddSeconds(9));
        file.SeqBook(T0.AddSeconds(10), 3, 10).SeqBook(T0.AddSeconds(11), 4, 11);

        ValidationReport report = Validate(file);
        report.Defects.Should().BeEmpty();
        report.Snapshots.Should().Be(8);
    }

    [Fact]
    public void A_reset_mark_covers_its_own_line_only()
    {
        DataFileBuilder file = BinanceStart(T0);
        file.SeqBook(T0.AddSeconds(1), 100, 1).SeqBook(T0.AddSeconds(2), 1, 2, reset: true).SeqBook(T0.AddSeconds(3), 0, 3);
        ValidationReport report = Validate(file);
        report.Defects.Keys.Should().Equal(DefectKind.SequenceBackwards);
        report.Defects[DefectKind.SequenceBackwards].FirstLines.Should().Equal(4L);
    }

    [Fact]
    public void A_missing_seq_or_checksum_is_a_missing_field_where_the_proof_names_it()
    {
        DataFileBuilder sequence = BinanceStart(T0);
        sequence.SeqBook(T0.AddSeconds(1), 1, 1);
        sequence.Raw($"{{\"type\":\"book\",\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\",\"time\":\"{DataFileBuilder.Time(T0.AddSeconds(2))}\",\"recv\":\"{DataFileBuilder.Time(T0.AddSeconds(2))}\",\"bids\":[[1.00,1.00000]],\"asks\":[[1.01,1.00000]]}}");
        ValidationReport withoutSeq = Validate(sequence);
        withoutSeq.Defects.Keys.Should().Equal(DefectKind.MissingField);
        withoutSeq.Defects[DefectKind.MissingField].FirstLines.Should().Equal(3L);

        // Both kinds named: a line with its seq but no checksum misses a field; the Kraken rule checks the one with both.
        DataFileBuilder both = new DataFileBuilder().Start(T0, proof: ["checksum", "sequence"]);
        both.Book(T0.AddSeconds(1), 1, seq: 10);
        both.SeqBook(T0.AddSeconds(2), 11, 2, exchange: "kraken", symbol: "BTC/USD");
        both.Book(T0.AddSeconds(3), 3);
        both.Book(T0.AddSeconds(4), 4, checksum: 7, seq: 12);
        both.Book(T0.AddSeconds(5), 5, seq: 11);
        ValidationReport report = Validate(both);
        report.Defects.Keys.Should().Equal(DefectKind.MissingField, DefectKind.ChecksumMismatch, DefectKind.SequenceBackwards);
        report.Defects[DefectKind.MissingField].FirstLines.Should().Equal(3L, 4L);
        report.Defects[DefectKind.ChecksumMismatch].FirstLines.Should().Equal(5L);
        report.Defects[DefectKind.SequenceBackwards].FirstLines.Should().Equal(6L);
    }

    [Fact]
    public void A_kraken_session_without_proof_field_still_needs_and_checks_its_checksum_beside_a_sequence_session()
    {
        // The old Kraken session (no proof field) keeps today's rules; the Binance session of the same file has its own.
        DataFileBuilder file = new DataFileBuilder().Start(T0);
        file.Book(T0.AddSeconds(1), 1).Book(T0.AddSeconds(2), 2, checksum: 99);
        file.Raw($"{{\"type\":\"book\",\"exchange\":\"kraken\",\"symbol\":\"BTC/USD\",\"time\":\"{DataFileBuilder.Time(T0.AddSeconds(3))}\",\"recv\":\"{DataFileBuilder.Time(T0.AddSeconds(3))}\",\"bids\":[],\"asks\":[]}}");
        file.End(T0.AddSeconds(4));
        BinanceStart(file, T0.AddSeconds(5));
        file.SeqBook(T0.AddSeconds(6), 1, 6).SeqBook(T0.AddSeconds(7), 2, 7);
        file.End(T0.AddSeconds(8));

        // And back to Kraken: its checksum rule (one per exchange for the file) still applies.
        file.Start(T0.AddSeconds(9)).Book(T0.AddSeconds(10), 10).Book(T0.AddSeconds(11), 11, checksum: 5);

        ValidationReport report = Validate(file);
        report.Defects.Keys.Should().Equal(DefectKind.MissingField, DefectKind.ChecksumMismatch);
        report.Defects[DefectKind.ChecksumMismatch].FirstLines.Should().Equal(3L, 12L);
        report.Defects[DefectKind.MissingField].FirstLines.Should().Equal(4L);
    }

    [Fact]
    public void Book_lines_before_any_session_follow_their_own_exchange()
    {
        // A fragment that starts mid-session: Kraken lines still need a matching checksum, other exchanges' lines none.
        DataFileBuilder file = new DataFileBuilder().Book(T0.AddSeconds(1), 1).Book(T0.AddSeconds(2), 2, checksum: 3)
            .SeqBook(T0.AddSeconds(3), 1, 3, exchange: "foo", symbol: "FOOBAR");
        ValidationReport report = Validate(file);
        report.Defects.Keys.Should().Equal(DefectKind.ChecksumMismatch);
        report.Defects[DefectKind.ChecksumMismatch].FirstLines.Should().Equal(2L);
    }

    [Fact]
    public void A_file_of_an_unknown_exchange_gets_the_generic_checks_only()
    {
        // No checksum rule to recompute by: a checksum is not checked, and one that is absent is not missed.
        DataFileBuilder named = new DataFileBuilder().Start(T0, exchange: "someexchange", symbol: "BTC_USD", proof: ["checksum"]);
        named.Book(T0.AddSeconds(1), 1, checksum: 12345).Book(T0.AddSeconds(2), 2, checksum: 6789);
        named.Book(T0.AddSeconds(3), 3, checksum: 1, bids: b => [("67890.1", "1.00000000"), .. b.Skip(1)]);
        ValidationReport report = Validate(named);
        report.Defects.Keys.Should().Equal(DefectKind.CrossedBook);
        report.Defects[DefectKind.CrossedBook].FirstLines.Should().Equal(4L);

        DataFileBuilder unnamed = new DataFileBuilder().Start(T0, exchange: "someexchange", symbol: "BTC_USD");
        for (int i = 1; i <= 60; i++)
        {
            unnamed.Raw($"{{\"type\":\"book\",\"exchange\":\"someexchange\",\"symbol\":\"BTC_USD\",\"time\":\"{DataFileBuilder.Time(T0.AddSeconds(i))}\",\"recv\":\"{DataFileBuilder.Time(T0.AddSeconds(i))}\",\"bids\":[[1.5,2]],\"asks\":[[1.6,3]]}}");
        }

        ValidationReport plain = Validate(unnamed.End(T0.AddSeconds(61)));
        plain.Defects.Should().BeEmpty();
        plain.Score.Should().Be(100);
    }

    [Fact]
    public void A_book_line_with_fewer_levels_than_the_depth_is_fine_and_more_is_a_defect()
    {
        // Binance writes only the levels inside its REST snapshot's band: 3, 7, 20 levels of a depth of 20.
        DataFileBuilder file = BinanceStart(T0, depth: 20);
        for (int i = 1; i <= 60; i++)
        {
            file.SeqBook(T0.AddSeconds(i), 1_000 + i, i, levels: i % 3 == 0 ? 3 : i % 3 == 1 ? 7 : 20);
        }

        file.SeqBook(T0.AddSeconds(61), 1_061, 61, levels: 21);
        ValidationReport report = Validate(file.End(T0.AddSeconds(62)));
        report.Defects.Keys.Should().Equal(DefectKind.TooManyLevels);
        report.Defects[DefectKind.TooManyLevels].FirstLines.Should().Equal(62L);
    }

    [Fact]
    public void The_fast_path_agrees_with_the_general_reader_on_seq_lines()
    {
        DataFileBuilder canonical = BinanceHour((file, i) =>
        {
            long seq = i % 97 == 0 ? 7 : 1_000_000_000_000L + i;
            Func<List<(string P, string Q)>, List<(string P, string Q)>>? bids = i % 89 == 0 ? b => [b[1], b[0], .. b.Skip(2)] : null;
            file.SeqBook(T0.AddSeconds(i % 500 == 0 ? i - 1 : i), seq, i, levels: 2 + (i % 9), reset: i % 331 == 0, bids: bids);
        });
        string canonicalPath = canonical.Save(_tmp.File("canonical.jsonl"));
        string reversedPath = _tmp.File("reversed.jsonl");
        File.WriteAllLines(reversedPath, File.ReadLines(canonicalPath).Select(Reverse));

        ValidationReport fast = new FileValidator().Validate(canonicalPath);
        ValidationReport general = new FileValidator().Validate(reversedPath);
        fast.Defects.Keys.Should().Contain(DefectKind.SequenceBackwards).And.Contain(DefectKind.UnsortedLevels);
        general.Defects.Keys.Should().Equal(fast.Defects.Keys);
        general.Defects.Values.Select(d => (d.Count, d.FirstLines.ToArray())).Should().BeEquivalentTo(fast.Defects.Values.Select(d => (d.Count, d.FirstLines.ToArray())), o => o.WithStrictOrdering());
        general.Snapshots.Should().Be(fast.Snapshots);
        general.Score.Should().Be(fast.Score);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("999999999999999999", true)]
    [InlineData("9223372036854775807", true)]
    [InlineData("-5", true)]
    [InlineData("1.5", false)]
    [InlineData("1e3", false)]
    [InlineData("9223372036854775808", false)]
    [InlineData("\"12\"", false)]
    public void A_seq_is_an_int64_on_either_path(string seq, bool accepted)
    {
        string line = $"{{\"type\":\"book\",\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\",\"time\":\"2025-10-23T10:00:00.000000Z\",\"recv\":\"2025-10-23T10:00:00.000000Z\",\"bids\":[[1.00,1.00000]],\"asks\":[[1.01,1.00000]],\"seq\":{seq}}}";
        ValidationReport report = Validate(BinanceStart(T0).Raw(line));
        if (accepted)
        {
            report.Defects.Should().BeEmpty();
        }
        else
        {
            report.Defects.Keys.Should().Equal(DefectKind.MissingField);
        }
    }

    private static string Reverse(string line)
    {
        using System.Text.Json.JsonDocument document = System.Text.Json.JsonDocument.Parse(line);
        using MemoryStream buffer = new();
        using (System.Text.Json.Utf8JsonWriter writer = new(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (System.Text.Json.JsonProperty property in document.RootElement.EnumerateObject().Reverse())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
