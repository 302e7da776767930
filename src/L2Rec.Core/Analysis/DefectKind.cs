namespace L2Rec.Analysis;

/// <summary>Everything validate can find wrong with a line. README documents each one's score weight.</summary>
public enum DefectKind
{
    TornLine,
    Unparseable,
    LineTooLong,
    MissingField,
    UnsortedLevels,
    DuplicateLevels,
    NonPositive,
    CrossedBook,
    TimeBackwards,
    DuplicateSnapshot,
    ChecksumMismatch,
    SequenceBackwards,
    TooManyLevels,
    UnverifiedSnapshot,
}
