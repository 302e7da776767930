using System.CommandLine;
using System.Text.Json;
using L2Rec.Analysis;
using L2Rec.Cli;
using L2Rec.Tests.Support;

namespace L2Rec.Tests.Analysis;

/// <summary>diagnose and merge over a data dir with exchange folders: each exchange's files found, and kept apart.</summary>
public sealed class ExchangeFolderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 23, 18, 0, 0, TimeSpan.Zero);
    private static readonly string[] Sequence = ["sequence"];
    private readonly TempFolder _tmp = TempFolder.ForCaller(nameof(ExchangeFolderTests));

    public void Dispose() => _tmp.Dispose();

    private string Folder(string name)
    {
        string path = _tmp.File(name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A sequence-proven exchange's file of <paramref name="seconds"/> book lines from <paramref name="from"/>.</summary>
    private static DataFileBuilder SeqFile(string exchange, string symbol, DateTimeOffset from, int seconds)
    {
        DataFileBuilder file = new DataFileBuilder().Start(from, exchange: exchange, symbol: symbol, proof: Sequence, pricePrecision: 2, qtyPrecision: 5);
        for (int i = 1; i <= seconds; i++)
        {
            file.SeqBook(from.AddSeconds(i), 1_000 + i, i, exchange: exchange, symbol: symbol);
        }

        return file;
    }

    private static DataFileBuilder KrakenFile(DateTimeOffset from, int seconds)
    {
        DataFileBuilder file = new DataFileBuilder().Start(from);
        for (int i = 1; i <= seconds; i++)
        {
            file.Book(from.AddSeconds(i), i);
        }

        return file;
    }

    /// <summary>Kraken in the data dir itself, Binance and Bybit BTCUSDT and OKX BTC-USDT in their folders, and merge's legacy/.</summary>
    private void SeedCollection()
    {
        KrakenFile(T0, 3600).Save(_tmp.File("l2_BTCUSD_20251023.jsonl"));
        SeqFile("binance", "BTCUSDT", T0, 1800).Save(Path.Combine(Folder("binance"), "l2_BTCUSDT_20251023.jsonl"));
        SeqFile("bybit", "BTCUSDT", T0, 600).Save(Path.Combine(Folder("bybit"), "l2_BTCUSDT_20251023.jsonl"));
        SeqFile("okx", "BTC-USDT", T0, 60).Save(Path.Combine(Folder("okx"), "l2_BTCUSDT_20251023.jsonl"));

        // Already merged fragments: never part of the collection again.
        KrakenFile(T0.AddHours(-5), 10).Save(Path.Combine(Folder("legacy"), "l2_BTCUSD_20251023_130000.jsonl"));
    }

    [Fact]
    public void Diagnose_finds_the_files_of_exchange_folders_and_keeps_exchanges_apart()
    {
        SeedCollection();
        List<SymbolDiagnosis> symbols = new CollectionDiagnoser(null).Diagnose(_tmp.Path, null);

        symbols.Select(s => (s.Exchange, s.SymbolToken, s.Files.Count, s.Recorded)).Should().Equal(
            ("binance", "BTCUSDT", 1, TimeSpan.FromSeconds(1800)),
            ("bybit", "BTCUSDT", 1, TimeSpan.FromSeconds(600)),
            ("kraken", "BTCUSD", 1, TimeSpan.FromSeconds(3600)),
            ("okx", "BTCUSDT", 1, TimeSpan.FromSeconds(60)));
        symbols[0].Files.Single().Name.DisplayName.Should().Be("binance/l2_BTCUSDT_20251023.jsonl");

        StringWriter text = new();
        DiagnoseCommand.Run(_tmp.Path, null, null, 70, json: false, text, TextWriter.Null).Should().Be(0);
        text.ToString().Should().Contain("Symbol: BTCUSDT\nExchange: binance\nFiles: 1\n").And.Contain("Symbol: BTCUSDT\nExchange: bybit\nFiles: 1\n")
            .And.Contain("Symbol: BTCUSD\nExchange: kraken\n").And.Contain("bybit/l2_BTCUSDT_20251023.jsonl");

        StringWriter json = new();
        DiagnoseCommand.Run(_tmp.Path, null, null, 70, json: true, json, TextWriter.Null).Should().Be(0);
        using JsonDocument document = JsonDocument.Parse(json.ToString());
        document.RootElement.GetProperty("symbols").EnumerateArray().Select(s => $"{s.GetProperty("exchange").GetString()} {s.GetProperty("symbol").GetString()}")
            .Should().Equal("binance BTCUSDT", "bybit BTCUSDT", "kraken BTCUSD", "okx BTCUSDT");
    }

    [Theory]
    [InlineData("diagnose --symbol BTC-USDT", null, "BTCUSDT")]
    [InlineData("diagnose --symbol btcusdt --exchange Bybit", "bybit", "BTCUSDT")]
    [InlineData("diagnose --symbol BTC/USD", null, "BTCUSD")]
    [InlineData("merge --symbol BTC-USDT-SWAP --exchange okx", "okx", "BTCUSDTSWAP")]
    public void Symbol_takes_every_exchange_spelling_and_exchange_filters(string line, string? exchange, string token)
    {
        L2RecCli.TryParse(L2RecCli.CreateRoot(), line.Split(' '), TextWriter.Null, out ParseResult parse).Should().BeTrue();
        parse.GetValue(CollectionOptions.Symbol).Should().Be(token);
        parse.GetValue(CollectionOptions.Exchange).Should().Be(exchange);
    }

    [Theory]
    [InlineData("diagnose --symbol BTC/USD/EUR", "--symbol 'BTC/USD/EUR'")]
    [InlineData("diagnose --symbol BTC/USD-X", "--symbol 'BTC/USD-X'")]
    [InlineData("merge --symbol ../x", "--symbol '../x'")]
    [InlineData("merge --exchange ../x", "--exchange '../x'")]
    [InlineData("diagnose --exchange bin_ance", "--exchange 'bin_ance'")]
    public void Symbol_and_exchange_refuse_what_no_exchange_writes(string line, string says)
    {
        StringWriter error = new();
        L2RecCli.TryParse(L2RecCli.CreateRoot(), line.Split(' '), error, out _).Should().BeFalse();
        error.ToString().Should().Contain(says);
    }

    [Fact]
    public void Symbol_and_exchange_select_entries()
    {
        SeedCollection();
        new CollectionDiagnoser(null).Diagnose(_tmp.Path, "BTCUSDT").Select(s => s.Exchange).Should().Equal("binance", "bybit", "okx");
        new CollectionDiagnoser(null).Diagnose(_tmp.Path, "BTCUSDT", "bybit").Should().ContainSingle().Which.Recorded.Should().Be(TimeSpan.FromSeconds(600));
        new CollectionDiagnoser(null).Diagnose(_tmp.Path, null, "KRAKEN").Should().ContainSingle().Which.SymbolToken.Should().Be("BTCUSD");

        StringWriter output = new();
        DiagnoseCommand.Run(_tmp.Path, "ETHUSDT", "binance", null, 70, json: false, output, TextWriter.Null).Should().Be(1);
        output.ToString().Should().Contain("No data files for ETHUSDT of binance").And.Contain("Files: 0");
    }

    [Fact]
    public void A_file_that_names_no_exchange_belongs_with_its_symbol_in_its_folder()
    {
        // An empty file beside Binance's, and a ccxt-shaped fragment in a folder of its own: neither names an exchange.
        string binance = Folder("binance");
        SeqFile("binance", "BTCUSDT", T0, 60).Save(Path.Combine(binance, "l2_BTCUSDT_20251023.jsonl"));
        File.WriteAllText(Path.Combine(binance, "l2_BTCUSDT_20251024.jsonl"), string.Empty);
        DataFileBuilder ccxt = new();
        for (int i = 0; i < 10; i++)
        {
            ccxt.Ccxt(T0.AddSeconds(i));
        }

        ccxt.Save(Path.Combine(Folder("coinbase"), "l2_BTCUSD_20251023_180000.jsonl"));

        List<SymbolDiagnosis> symbols = new CollectionDiagnoser(null).Diagnose(_tmp.Path, null);
        symbols.Select(s => (s.Exchange, s.SymbolToken, s.Files.Count)).Should().Equal(("binance", "BTCUSDT", 2), ("coinbase", "BTCUSD", 1));
    }

    [Fact]
    public void Merge_works_inside_an_exchange_folder()
    {
        string binance = Folder("binance");
        SeqFile("binance", "BTCUSDT", T0, 100).Save(Path.Combine(binance, "l2_BTCUSDT_20251023_180000.jsonl"));
        SeqFile("binance", "BTCUSDT", T0.AddHours(6).AddMinutes(-30), 3600).Save(Path.Combine(binance, "l2_BTCUSDT_20251023_233000.jsonl"));
        File.WriteAllText(Path.Combine(binance, "l2_BTCUSDT_20251024_020000.jsonl"), string.Empty);

        // The same token on another exchange, in the data dir itself, is not touched.
        string other = _tmp.File("l2_BTCUSDT_20251023_180000.jsonl");
        SeqFile("bybit", "BTCUSDT", T0, 10).Save(other);
        byte[] otherBytes = File.ReadAllBytes(other);

        StringWriter output = new();
        MergeCommand.Run(_tmp.Path, "BTCUSDT", "binance", dryRun: false, output).Should().Be(0);

        Directory.GetFiles(binance, "l2_*.jsonl").Select(Path.GetFileName).Order(StringComparer.Ordinal).Should().Equal("l2_BTCUSDT_20251023.jsonl", "l2_BTCUSDT_20251024.jsonl");
        Directory.GetFiles(Path.Combine(binance, "legacy")).Select(Path.GetFileName).Should().BeEquivalentTo("l2_BTCUSDT_20251023_180000.jsonl", "l2_BTCUSDT_20251023_233000.jsonl");
        File.ReadAllBytes(other).Should().Equal(otherBytes);
        Directory.Exists(_tmp.File("legacy")).Should().BeFalse();
        output.ToString().Should().Contain("binance BTCUSDT in binance/: 3 fragment(s), 1 empty").And.Contain("moved to binance/legacy/");

        long lines = Directory.GetFiles(binance, "l2_*.jsonl").Sum(f => File.ReadLines(f).LongCount());
        lines.Should().Be(101 + 3601, "every line of both fragments, split at midnight");

        // The merged folder diagnoses as one binance symbol, the bybit fragment as another.
        new CollectionDiagnoser(null).Diagnose(_tmp.Path, null).Select(s => (s.Exchange, s.Files.Count)).Should().Equal(("binance", 2), ("bybit", 1));
    }

    [Fact]
    public void Merge_refuses_two_exchanges_files_of_one_token_in_one_folder_and_changes_nothing()
    {
        SeqFile("binance", "BTCUSDT", T0, 10).Save(_tmp.File("l2_BTCUSDT_20251023_180000.jsonl"));
        SeqFile("bybit", "BTCUSDT", T0.AddHours(1), 10).Save(_tmp.File("l2_BTCUSDT_20251023_190000.jsonl"));
        string[] before = [.. Directory.GetFiles(_tmp.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

        Action merge = () => MergeCommand.Run(_tmp.Path, null, null, dryRun: false, TextWriter.Null);
        merge.Should().Throw<L2RecException>().Where(e => e.ExitCode == ExitCode.Usage && e.Message.Contains("binance") && e.Message.Contains("bybit"));
        Action filtered = () => MergeCommand.Run(_tmp.Path, null, "binance", dryRun: false, TextWriter.Null);
        filtered.Should().Throw<L2RecException>("a binance date file would be written over the bybit files' name");
        Directory.GetFiles(_tmp.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Should().Equal(before);
    }
}
