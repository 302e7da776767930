namespace L2Rec.Analysis;

/// <summary>The names defects have in reports and in the JSON schema.</summary>
public static class DefectNames
{
    public static string Of(DefectKind kind) => kind switch
    {
        DefectKind.TornLine => "torn_line",
        DefectKind.Unparseable => "unparseable_line",
        DefectKind.LineTooLong => "line_too_long",
        DefectKind.MissingField => "missing_field",
        DefectKind.UnsortedLevels => "unsorted_levels",
        DefectKind.DuplicateLevels => "duplicate_levels",
        DefectKind.NonPositive => "non_positive_level",
        DefectKind.CrossedBook => "crossed_book",
        DefectKind.TimeBackwards => "time_backwards",
        DefectKind.DuplicateSnapshot => "duplicate_snapshot",
        DefectKind.ChecksumMismatch => "checksum_mismatch",
        DefectKind.SequenceBackwards => "sequence_backwards",
        DefectKind.TooManyLevels => "too_many_levels",
        DefectKind.UnverifiedSnapshot => "unverified_snapshot",
        _ => kind.ToString(),
    };
}
