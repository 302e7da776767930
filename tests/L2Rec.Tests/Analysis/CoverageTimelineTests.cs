using L2Rec.Analysis;

namespace L2Rec.Tests.Analysis;

/// <summary>The one coverage definition validate and diagnose share: holes are a union, gap lines count whatever their length.</summary>
public sealed class CoverageTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly List<CoverageHole> _holes = [];

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private CoverageTimeline Timeline(double maxGapSeconds = 5) => new(TimeSpan.FromSeconds(maxGapSeconds), _holes.Add);

    private static void Books(CoverageTimeline timeline, int from, int to)
    {
        for (int i = from; i <= to; i++)
        {
            timeline.Snapshot(At(i));
        }
    }

    [Fact]
    public void A_short_gap_line_is_a_hole_with_its_reason()
    {
        CoverageTimeline timeline = Timeline();
        Books(timeline, 0, 100);
        timeline.GapLine(At(100), At(103), "stale");
        Books(timeline, 103, 200);
        timeline.Finish();

        _holes.Should().Equal(new CoverageHole(At(100), At(103), "stale"));
        timeline.Uncovered.Should().Be(TimeSpan.FromSeconds(3));
        timeline.HoleCount.Should().Be(1);
        timeline.Span.Should().Be(TimeSpan.FromSeconds(200));
    }

    [Fact]
    public void A_gap_line_and_the_step_around_it_are_one_hole_counted_once()
    {
        // The gap line ends before the first book after it: the union is the step, named by the gap line.
        CoverageTimeline timeline = Timeline();
        Books(timeline, 0, 100);
        timeline.GapLine(At(100), At(110), "disconnect");
        Books(timeline, 112, 200);
        timeline.Finish();

        _holes.Should().Equal(new CoverageHole(At(100), At(112), "disconnect"));
        timeline.Uncovered.Should().Be(TimeSpan.FromSeconds(12));
    }

    [Fact]
    public void A_gap_line_written_after_the_book_that_closes_it_still_names_the_hole()
    {
        CoverageTimeline timeline = Timeline();
        Books(timeline, 0, 100);
        timeline.Snapshot(At(130));
        timeline.GapLine(At(100), At(130), "checksum");
        timeline.Finish();

        _holes.Should().Equal(new CoverageHole(At(100), At(130), "checksum"));
        timeline.Uncovered.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_late_gap_line_over_time_already_counted_adds_only_what_is_new()
    {
        CoverageTimeline timeline = Timeline();
        Books(timeline, 0, 10);
        timeline.Snapshot(At(30));
        timeline.Snapshot(At(60));
        timeline.GapLine(At(20), At(40), "error");
        timeline.Finish();

        // 10-30 was counted when the step to 60 came; of the gap line only 30-40 is new, and it lies in that step.
        _holes.Should().Equal(new CoverageHole(At(10), At(30), CoverageTimeline.Unexplained), new CoverageHole(At(30), At(60), "error"));
        timeline.Uncovered.Should().Be(TimeSpan.FromSeconds(50));
    }

    [Fact]
    public void Steps_longer_than_the_max_gap_stay_holes_and_shorter_ones_are_covered()
    {
        CoverageTimeline timeline = Timeline();
        timeline.SessionStart(At(0), continues: false, intervalMs: 1000);
        timeline.Snapshot(At(1));
        timeline.Snapshot(At(6));
        timeline.Snapshot(At(12));
        timeline.SessionEnd(At(13));
        timeline.SessionStart(At(60), continues: false, intervalMs: 1000);
        timeline.Snapshot(At(61));
        timeline.Finish();

        _holes.Should().Equal(new CoverageHole(At(6), At(12), CoverageTimeline.Unexplained), new CoverageHole(At(13), At(60), CoverageTimeline.Restart));
        timeline.Span.Should().Be(TimeSpan.FromSeconds(61));
    }

    [Fact]
    public void A_gap_line_of_no_length_is_still_a_hole()
    {
        CoverageTimeline timeline = Timeline();
        Books(timeline, 0, 10);
        timeline.GapLine(At(10), At(10), "disconnect");
        Books(timeline, 11, 20);
        timeline.Finish();

        timeline.HoleCount.Should().Be(1);
        timeline.Uncovered.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void The_span_takes_in_a_gap_that_runs_until_the_session_ended()
    {
        CoverageTimeline timeline = Timeline();
        timeline.SessionStart(At(0), continues: false, intervalMs: 1000);
        timeline.GapLine(At(0), At(20), "disconnect");
        Books(timeline, 20, 50);
        timeline.GapLine(At(50), At(80), "stale");
        timeline.Finish();

        timeline.Span.Should().Be(TimeSpan.FromSeconds(80));
        timeline.Uncovered.Should().Be(TimeSpan.FromSeconds(50));
        CoverageTimeline.Fraction(timeline.Span, timeline.Uncovered, hasSnapshots: true).Should().Be(1 - (50.0 / 80));
    }

    [Fact]
    public void The_default_max_gap_comes_from_the_first_sessions_interval()
    {
        CoverageTimeline timeline = new(null, _holes.Add);
        timeline.SessionStart(At(0), continues: false, intervalMs: 2000);
        timeline.SessionStart(At(1), continues: false, intervalMs: 100);
        timeline.MaxGap.Should().Be(TimeSpan.FromSeconds(10));
        CoverageTimeline.DefaultMaxGap(TimeSpan.Zero).Should().Be(TimeSpan.FromSeconds(5));
        new CoverageTimeline(TimeSpan.FromSeconds(2), _holes.Add).MaxGap.Should().Be(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Coverage_is_zero_without_snapshots_and_whole_for_an_instant()
    {
        CoverageTimeline.Fraction(TimeSpan.FromHours(1), TimeSpan.Zero, hasSnapshots: false).Should().Be(0);
        CoverageTimeline.Fraction(TimeSpan.Zero, TimeSpan.Zero, hasSnapshots: true).Should().Be(1);
        CoverageTimeline.Fraction(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(25), hasSnapshots: true).Should().Be(0.75);
    }
}
