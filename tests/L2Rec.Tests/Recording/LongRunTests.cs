using L2Rec.Recording;
using L2Rec.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace L2Rec.Tests.Recording;

/// <summary>A whole day under fake time: the recorder's steady state neither loses a second nor grows.</summary>
/// <remarks>
/// It measures the whole process's heap, so it runs alone, after the parallel tests: side by side, another test's
/// allocations would swing that heap by megabytes and fail a flatness that is really there.
/// </remarks>
[Collection(HeapMeasuredAloneCollection.Name)]
public sealed class LongRunTests
{
    [Fact]
    public async Task A_24_hour_session_at_10_updates_a_second_writes_86400_snapshots_in_flat_memory()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        FakeTimeProvider time = new(new DateTimeOffset(2025, 10, 23, 0, 0, 0, TimeSpan.Zero));
        ScriptedFeed feed = new(time, "BTC/USD");
        RecorderSession session = new(
            new RecorderOptions { DataDirectory = tmp.Path, Symbols = ["BTC/USD"], Duration = TimeSpan.FromHours(24), Pid = 1 },
            feed,
            time,
            Logger.None);
        Task<SessionSummary> run = session.RunAsync(TestContext.Current.CancellationToken);
        await feed.Started;

        long memoryAfterHour1 = 0;
        long allocatedFromHour2 = 0;
        long updatesFromHour2 = 0;
        for (int hour = 0; hour < 24; hour++)
        {
            if (hour == 2)
            {
                allocatedFromHour2 = GC.GetAllocatedBytesForCurrentThread();
            }

            for (int tick = 0; tick < 36_000; tick++)
            {
                feed.Update("BTC/USD");
                time.Advance(TimeSpan.FromMilliseconds(100));
            }

            if (hour >= 2)
            {
                updatesFromHour2 += 36_000;
            }

            if (hour == 0)
            {
                memoryAfterHour1 = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        long allocatedPerUpdate = (GC.GetAllocatedBytesForCurrentThread() - allocatedFromHour2) / updatesFromHour2;
        long memoryAtEnd = GC.GetTotalMemory(forceFullCollection: true);
        SessionSummary summary = await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        summary.Snapshots.Should().BeInRange(86_399, 86_400);
        summary.Updates.Should().Be(864_000);
        // A day from midnight to midnight: the last sample falls on the next day's file.
        Directory.GetFiles(tmp.Path, "l2_*.jsonl").SelectMany(File.ReadLines)
            .Count(l => l.Contains("\"type\":\"book\"", StringComparison.Ordinal)).Should().Be((int)summary.Snapshots);
        (memoryAtEnd - memoryAfterHour1).Should().BeLessThan(2L << 20, "no growth per message over 23 hours");
        TestContext.Current.SendDiagnosticMessage($"24 h fake run: {allocatedPerUpdate} B allocated per update (test harness and fake clock included), heap {memoryAfterHour1 / 1024} KB -> {memoryAtEnd / 1024} KB");
        allocatedPerUpdate.Should().BeLessThan(200, "the steady state allocates (almost) nothing per message");
    }
}
