namespace L2Rec.Analysis;

/// <summary>
/// The quality score, 0 to 100 (README gives the formula and a worked example):
/// <c>100 × coverage − Σ weight(kind) × count(kind)</c>, clamped to [0, 100], floored to two decimals; at most 90
/// when any snapshot carries no exchange checksum; 0 without snapshots; 100 only for perfect data: no defect, no
/// hole (not even a gap line of no length), full coverage.
/// </summary>
public static class QualityScore
{
    public const double UnverifiedCap = 90;

    public static double Weight(DefectKind kind) => kind switch
    {
        DefectKind.ChecksumMismatch => 5,
        DefectKind.SequenceBackwards => 5,
        DefectKind.TornLine => 1,
        DefectKind.DuplicateSnapshot => 1,
        DefectKind.UnverifiedSnapshot => 0,
        _ => 2,
    };

    public static double Compute(double coverage, long holes, long snapshots, IEnumerable<DefectTally> defects)
    {
        if (snapshots == 0)
        {
            return 0;
        }

        double penalty = 0;
        bool unverified = false;
        bool anyDefect = false;
        foreach (DefectTally tally in defects)
        {
            penalty += Weight(tally.Kind) * tally.Count;
            unverified |= tally.Kind == DefectKind.UnverifiedSnapshot && tally.Count > 0;
            anyDefect |= tally.Count > 0;
        }

        double score = Math.Clamp((100 * coverage) - penalty, 0, 100);
        if (unverified)
        {
            score = Math.Min(score, UnverifiedCap);
        }

        score = Math.Floor(score * 100) / 100;
        return score >= 100 && (anyDefect || holes > 0 || coverage < 1) ? 99.99 : score;
    }
}
