using L2Rec.Books;
using L2Rec.Feeds;
using L2Rec.Feeds.Binance;

namespace L2Rec.Tests.Feeds.Binance;

/// <summary>The sync rules of research/binance.md, one by one, on the book state machine itself.</summary>
public sealed class BinanceBookSyncTests
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 23, 10, 0, 0, TimeSpan.Zero);

    private static (LiveBook Live, BinanceBookSync Sync) NewBook(bool futures = false, int depth = 10, int snapshotLimit = 1000)
    {
        LiveBook live = new("BTCUSDT", snapshotLimit, TimeProvider.System, writeDepth: depth) { PricePrecision = 2, QtyPrecision = 5 };
        BinanceBookSync sync = new(live, futures, snapshotLimit, 10_000);
        sync.Start();
        return (live, sync);
    }

    private static BinanceSnapshot Snap(long id, string[][] bids, string[][] asks)
    {
        BinanceSnapshot.TryParse(BinanceFrames.Bytes(BinanceFrames.Snapshot(id, bids, asks)), out BinanceSnapshot snapshot).Should().BeTrue();
        return snapshot;
    }

    private static SyncStep Event(BinanceBookSync sync, long first, long last, string[][] bids, string[][] asks, long previous = -1, long time = 1_000)
    {
        PriceLevel[] b = [.. bids.Select(l => new PriceLevel(FixedDecimal.Parse(l[0]), FixedDecimal.Parse(l[1])))];
        PriceLevel[] a = [.. asks.Select(l => new PriceLevel(FixedDecimal.Parse(l[0]), FixedDecimal.Parse(l[1])))];
        return sync.OnEvent(new DepthEvent(first, last, previous, time, T0), b, a);
    }

    private static string[][] L(params string[] pairs) => BinanceFrames.L(pairs);

    private static string Top(BookSide side) => side.Count == 0 ? "none" : $"{side[0].Price}x{side[0].Qty}";

    [Fact]
    public void Spot_joins_when_the_first_event_starts_right_after_the_snapshot()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook();
        Event(sync, 99, 100, L("100.00000000@1.00000000"), []).Should().Be(SyncStep.Buffered);
        Event(sync, 101, 105, L("101.00000000@2.00000000"), []).Should().Be(SyncStep.Buffered);

        // U == L + 1 is the common, valid case: the event with u <= L is dropped, the next joins.
        sync.OnSnapshot(Snap(100, L("100.00@5.00000"), L("102.00@1.00000"))).Should().Be(SyncStep.Applied);

        live.IsVerified.Should().BeTrue();
        live.HasSequence.Should().BeTrue();
        live.Sequence.Should().Be(105);
        Top(live.Book.Bids).Should().Be("101.00x2.00000", "the padding zeros beyond the precision go, the value stays");
        live.Book.Bids[1].Qty.Should().Be(FixedDecimal.Parse("5"), "the dropped event (u <= L) was not applied over the snapshot");
    }

    [Fact]
    public void Spot_joins_an_event_that_straddles_the_snapshot()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook();
        sync.OnSnapshot(Snap(100, L("100.00@5"), L("102.00@1"))).Should().Be(SyncStep.Waiting);
        Event(sync, 98, 103, L("100.00@6"), []).Should().Be(SyncStep.Applied, "U <= L + 1 <= u");
        live.Sequence.Should().Be(103);
    }

    [Fact]
    public void Spot_snapshot_older_than_the_first_buffered_event_is_fetched_again()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook();
        Event(sync, 105, 110, L("100.00@1"), []);
        Event(sync, 111, 112, L("100.00@2"), []);

        sync.OnSnapshot(Snap(103, L("100.00@5"), L("102.00@1"))).Should().Be(SyncStep.Refetch, "L + 1 < first U: events 104 were never seen");
        live.IsVerified.Should().BeFalse();
        live.Book.IsEmpty.Should().BeTrue();

        // The buffer was kept: a newer snapshot joins it.
        sync.OnSnapshot(Snap(110, L("100.00@5"), L("102.00@1"))).Should().Be(SyncStep.Applied);
        live.Sequence.Should().Be(112);
        Top(live.Book.Bids).Should().Be("100.00@2".Replace('@', 'x'));
    }

    [Fact]
    public void Spot_a_gap_fails_the_proof_and_buffers_for_a_new_snapshot()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook();
        sync.OnSnapshot(Snap(100, L("100.00@5"), L("102.00@1")));
        Event(sync, 101, 101, L("100.00@4"), []).Should().Be(SyncStep.Applied);

        Event(sync, 103, 104, L("100.00@3"), []).Should().Be(SyncStep.ProofFailed, "U must be previous u + 1");

        sync.Detail.Should().Contain("U=103, expected 102");
        live.IsVerified.Should().BeFalse();
        live.Book.IsEmpty.Should().BeTrue();
        sync.Phase.Should().Be(SyncPhase.AwaitingSnapshot);
        sync.Buffered.Should().Be(1, "the event that showed the gap starts the new buffer");
        sync.OnSnapshot(Snap(103, L("100.00@9"), L("102.00@1"))).Should().Be(SyncStep.Applied);
        live.Sequence.Should().Be(104);
    }

    [Fact]
    public void Spot_an_overlapping_event_after_the_join_is_a_break_too()
    {
        (_, BinanceBookSync sync) = NewBook();
        sync.OnSnapshot(Snap(100, L("100.00@5"), L("102.00@1")));
        Event(sync, 101, 105, [], []).Should().Be(SyncStep.Applied);
        Event(sync, 105, 106, [], []).Should().Be(SyncStep.ProofFailed);
    }

    [Fact]
    public void UsdM_chains_by_pu_whatever_the_gaps_between_ids()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook(futures: true);
        Event(sync, 90, 99, L("100.0@1"), [], previous: 80).Should().Be(SyncStep.Buffered);
        Event(sync, 95, 100, L("100.0@2"), [], previous: 99).Should().Be(SyncStep.Buffered);
        Event(sync, 130, 150, L("100.0@3"), [], previous: 100).Should().Be(SyncStep.Buffered);

        // u < L is dropped (strict): the event with u == L joins (U <= L <= u), then pu chains.
        sync.OnSnapshot(Snap(100, L("100.0@7"), L("101.0@1"))).Should().Be(SyncStep.Applied);
        live.Sequence.Should().Be(150);
        Event(sync, 171, 190, L("100.0@4"), [], previous: 150).Should().Be(SyncStep.Applied, "ids are not contiguous on USD-M: U is not previous u + 1");
        live.Sequence.Should().Be(190);

        Event(sync, 191, 200, L("100.0@5"), [], previous: 189).Should().Be(SyncStep.ProofFailed, "pu must equal the previous u");
        sync.Detail.Should().Contain("pu=189, expected 190");
    }

    [Fact]
    public void UsdM_joins_by_pu_equal_to_the_snapshot_id()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook(futures: true);
        sync.OnSnapshot(Snap(100, L("100.0@7"), L("101.0@1"))).Should().Be(SyncStep.Waiting);
        Event(sync, 120, 130, L("100.0@2"), [], previous: 100).Should().Be(SyncStep.Applied);
        live.IsVerified.Should().BeTrue();
    }

    [Fact]
    public void UsdM_snapshot_older_than_the_stream_is_fetched_again()
    {
        (_, BinanceBookSync sync) = NewBook(futures: true);
        Event(sync, 120, 130, [], [], previous: 110);
        sync.OnSnapshot(Snap(100, L("100.0@7"), L("101.0@1"))).Should().Be(SyncStep.Refetch);
    }

    [Fact]
    public void A_zero_quantity_for_a_level_the_book_does_not_hold_is_a_no_op()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook();
        sync.OnSnapshot(Snap(100, L("100.00@5", "99.00@1"), L("102.00@1")));
        Event(sync, 101, 102, L("98.50@0.00000000", "99.00@0"), L("103.00@0.000")).Should().Be(SyncStep.Applied);

        live.IsVerified.Should().BeTrue();
        live.Book.Bids.Count.Should().Be(1, "99.00 was deleted, 98.50 was never there");
        live.Book.Asks.Count.Should().Be(1);
    }

    [Fact]
    public void Levels_outside_the_snapshot_band_are_never_written_and_leaving_the_band_asks_for_a_refresh()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook(depth: 2, snapshotLimit: 3);
        sync.OnSnapshot(Snap(100, L("100.00@1", "99.00@1", "98.00@1"), L("101.00@1", "102.00@1")));
        Event(sync, 101, 101, [], []).Should().Be(SyncStep.Applied);

        live.BidFloor.Should().Be(FixedDecimal.Parse("98.00"), "the snapshot held the limit's count of bids: below its last one nothing is known");
        live.AskCeiling.Should().BeNull("a side shorter than the limit is the whole side");
        sync.BandLeft.Should().BeFalse();

        // A level below the band (from the stream) and the top two removed: the written depth reaches outside.
        Event(sync, 102, 102, L("97.00@4", "100.00@0", "99.00@0"), []).Should().Be(SyncStep.Applied);
        live.WritableBids.ToArray().Select(l => l.Price.ToString()).Should().Equal("98.00");
        live.Book.Bids.Count.Should().Be(2, "the level outside the band is kept for the protocol");
        sync.BandLeft.Should().BeTrue();
    }

    [Fact]
    public void A_refresh_snapshot_is_compared_at_the_same_update_id_then_widens_the_band()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook(depth: 2, snapshotLimit: 3);
        sync.OnSnapshot(Snap(100, L("100.00@1", "99.00@1", "98.00@1"), L("101.00@1", "102.00@1")));
        Event(sync, 101, 101, L("100.00@0", "99.00@0"), []);

        sync.BeginRefresh().Should().BeTrue();
        Event(sync, 102, 103, L("98.00@2"), []).Should().Be(SyncStep.Applied);
        sync.OnRefreshSnapshot(Snap(102, L("98.00@1", "97.00@3", "96.00@1"), L("101.00@1", "102.00@1"))).Should().Be(SyncStep.Applied);

        sync.RefreshDifferences.Should().Be(0);
        live.BidFloor.Should().Be(FixedDecimal.Parse("96.00"));
        live.WritableBids.ToArray().Select(l => $"{l.Price}x{l.Qty}").Should().Equal("98.00x2", "97.00x3");
        sync.RefreshPending.Should().BeFalse();
    }

    [Fact]
    public void A_refresh_snapshot_that_disagrees_inside_both_bands_fails_the_proof()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook(depth: 2, snapshotLimit: 3);
        sync.OnSnapshot(Snap(100, L("100.00@1", "99.00@1", "98.00@1"), L("101.00@1", "102.00@1")));
        Event(sync, 101, 101, [], []);

        sync.BeginRefresh().Should().BeTrue();
        sync.OnRefreshSnapshot(Snap(101, L("100.00@1", "99.00@7", "98.00@1"), L("101.00@1", "102.00@1"))).Should().Be(SyncStep.Waiting, "no event has joined it yet");
        Event(sync, 102, 102, L("100.00@2"), []).Should().Be(SyncStep.ProofFailed);

        sync.RefreshDifferences.Should().Be(1);
        sync.Detail.Should().Contain("audit: 1 level(s) differ");
        live.IsVerified.Should().BeFalse();
    }

    [Fact]
    public void A_bookTicker_at_the_same_update_id_must_match_the_top_of_the_book()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook();
        sync.OnSnapshot(Snap(100, L("100.00@5"), L("102.00@1")));
        Event(sync, 101, 101, L("100.50@2"), []);

        sync.OnBookTicker(101, F("100.50000000"), F("2.00000000"), F("102.00000000"), F("1.00000000")).Should().Be(SyncStep.Applied);
        sync.CrossChecked.Should().BeTrue();

        sync.OnBookTicker(100, F("1"), F("1"), F("2"), F("2")).Should().Be(SyncStep.Ignored, "an older ticker falls inside an applied event");
        sync.CrossChecked.Should().BeNull();

        sync.OnBookTicker(101, F("100.50"), F("2.1"), F("102.00"), F("1")).Should().Be(SyncStep.ProofFailed);
        sync.CrossChecked.Should().BeFalse();
        sync.Detail.Should().Contain("bookTicker cross-check failed at u=101");
        live.IsVerified.Should().BeFalse();
    }

    [Fact]
    public void A_bookTicker_ahead_of_the_book_is_checked_when_its_event_comes()
    {
        (_, BinanceBookSync sync) = NewBook();
        sync.OnSnapshot(Snap(100, L("100.00@5"), L("102.00@1")));
        Event(sync, 101, 101, [], []);

        sync.OnBookTicker(103, F("100.00"), F("5"), F("101.00"), F("3")).Should().Be(SyncStep.Ignored);
        Event(sync, 102, 103, [], L("101.00@2")).Should().Be(SyncStep.ProofFailed, "the ticker said 3 at 101.00");

        (_, BinanceBookSync other) = NewBook();
        other.OnSnapshot(Snap(100, L("100.00@5"), L("102.00@1")));
        Event(other, 101, 101, [], []);
        other.OnBookTicker(103, F("100.00"), F("5"), F("101.00"), F("2"));
        Event(other, 102, 103, [], L("101.00@2")).Should().Be(SyncStep.Applied);
        other.CrossChecked.Should().BeTrue();
    }

    [Fact]
    public void The_book_time_is_the_exchange_time_and_never_goes_backwards()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook();
        sync.OnSnapshot(Snap(100, L("100.00@5"), L("102.00@1")));
        Event(sync, 101, 101, [], [], time: 1_700_000_000_500);
        live.ExchangeTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500));

        Event(sync, 102, 102, [], [], time: 1_700_000_000_400);
        live.ExchangeTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500));
        live.Sequence.Should().Be(102);
    }

    [Fact]
    public void Trailing_wire_zeros_beyond_the_precision_go_but_significant_digits_stay()
    {
        BinanceBookSync.Trim(F("61837.63000000"), 2).ToString().Should().Be("61837.63");
        BinanceBookSync.Trim(F("61837.63100000"), 2).ToString().Should().Be("61837.631");
        BinanceBookSync.Trim(F("0.00000000"), 5).ToString().Should().Be("0.00000");
        BinanceBookSync.Trim(F("1.5"), -1).ToString().Should().Be("1.5");
    }

    [Fact]
    public void A_handover_joins_the_new_connections_events_to_the_live_book_without_a_snapshot()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook();
        sync.OnSnapshot(Snap(100, L("100.00@5"), L("102.00@1")));
        Event(sync, 101, 104, L("100.00@4"), []).Should().Be(SyncStep.Applied);
        sync.BeginHandover().Should().BeTrue();

        // The new connection batches differently: its first event straddles the book's id, an older one is dropped.
        sync.OnHandoverEvent(new DepthEvent(98, 100, -1, 1_000, T0), [], []).Should().Be(SyncStep.Buffered);
        sync.OnHandoverEvent(new DepthEvent(101, 103, -1, 1_000, T0), [], []).Should().Be(SyncStep.Buffered, "u <= 104: the book has it");
        sync.OnHandoverEvent(new DepthEvent(104, 106, -1, 1_000, T0), [new PriceLevel(F("100.00"), F("3"))], []).Should().Be(SyncStep.Applied, "U <= 104 + 1 <= u joins");

        sync.HandedOver.Should().BeTrue();
        sync.HandoverActive.Should().BeFalse();
        live.IsVerified.Should().BeTrue();
        live.Sequence.Should().Be(106);
        Top(live.Book.Bids).Should().Be("100.00x3");

        // From now on the book follows the new connection's chain.
        Event(sync, 107, 108, [], []).Should().Be(SyncStep.Applied);
    }

    [Fact]
    public void A_handover_waits_while_the_old_connection_is_behind_and_joins_when_it_catches_up()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook(futures: true);
        sync.OnSnapshot(Snap(100, L("100.0@5"), L("102.0@1")));
        Event(sync, 90, 110, [], [], previous: 95).Should().Be(SyncStep.Applied);
        sync.BeginHandover();

        // The new connection is ahead: 120..130 does not reach the book's 110 (pu 115 is not 110).
        sync.OnHandoverEvent(new DepthEvent(120, 130, 115, 1_000, T0), [], []).Should().Be(SyncStep.Buffered);
        sync.HandedOver.Should().BeFalse();

        // The old connection's next event brings the book to 125, inside the waiting event: it joins.
        Event(sync, 111, 125, [], [], previous: 110).Should().Be(SyncStep.Applied);
        sync.HandedOver.Should().BeTrue();
        live.Sequence.Should().Be(130);
        Event(sync, 131, 140, [], [], previous: 130).Should().Be(SyncStep.Applied);
    }

    [Fact]
    public void Several_bookTickers_ahead_of_the_book_are_each_checked_at_their_event()
    {
        (_, BinanceBookSync sync) = NewBook();
        sync.OnSnapshot(Snap(100, L("100.00@5"), L("102.00@1")));
        Event(sync, 101, 101, [], []);

        sync.OnBookTicker(102, F("100.00"), F("6"), F("102.00"), F("1"));
        sync.OnBookTicker(103, F("100.00"), F("7"), F("102.00"), F("1"));
        Event(sync, 102, 102, L("100.00@6"), []).Should().Be(SyncStep.Applied);
        sync.CrossChecked.Should().BeTrue();
        Event(sync, 103, 103, L("100.00@8"), []).Should().Be(SyncStep.ProofFailed, "the second ticker said 7");
    }

    [Fact]
    public void Levels_beyond_the_band_are_bounded_while_every_level_inside_it_is_kept()
    {
        (LiveBook live, BinanceBookSync sync) = NewBook(depth: 2, snapshotLimit: 3);
        sync.OnSnapshot(Snap(100, L("100.00@1", "99.00@1", "98.00@1"), L("101.00@1", "102.00@1", "103.00@1")));
        Event(sync, 101, 101, L([.. Enumerable.Range(80, 18).Select(p => $"{p}.00@1")]), L([.. Enumerable.Range(104, 18).Select(p => $"{p}.00@1")]));
        live.Book.Bids.Count.Should().Be(21);

        for (long id = 102; id < 400; id++)
        {
            Event(sync, id, id, [], []).Should().Be(SyncStep.Applied);
        }

        live.Book.Bids.Levels.ToArray().Select(l => l.Price.ToString()).Should().Equal("100.00", "99.00", "98.00", "97.00", "96.00");
        live.Book.Asks.Count.Should().Be(5);
        live.WritableBids.Length.Should().Be(2);
    }

    private static FixedDecimal F(string text) => FixedDecimal.Parse(text);
}
