using System.Globalization;

namespace L2Rec.IntegrationTests.Support;

/// <summary>
/// The torture suite's sizes: short in CI, long under <c>tools/chaos</c>, which sets the environment variables.
/// Results go to the file named by <c>L2REC_CHAOS_REPORT</c> when set, as lines for docs/reliability.md.
/// </summary>
public static class ChaosSettings
{
    public static int Kills => Number("L2REC_CHAOS_KILLS", 20);

    public static int RefuseSeconds => Number("L2REC_CHAOS_REFUSE_SECONDS", 20);

    public static void Report(string scenario, int count, long linesChecked, long linesLost, string note = "")
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"| {scenario} | {count} | {linesChecked} | {linesLost} | {note} |");
        TestContext.Current.SendDiagnosticMessage(line);
        if (Environment.GetEnvironmentVariable("L2REC_CHAOS_REPORT") is { Length: > 0 } path)
        {
            lock (typeof(ChaosSettings))
            {
                File.AppendAllText(path, line + Environment.NewLine);
            }
        }
    }

    private static int Number(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : fallback;
}
