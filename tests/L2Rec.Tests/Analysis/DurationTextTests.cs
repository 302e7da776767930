using L2Rec.Analysis;

namespace L2Rec.Tests.Analysis;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(0, "0.0 s")]
    [InlineData(13, "13.0 s")]
    [InlineData(59.94, "59.9 s")]
    [InlineData(59.96, "1.0 min")]
    [InlineData(60, "1.0 min")]
    [InlineData(252, "4.2 min")]
    [InlineData(3596, "59.9 min")]
    [InlineData(3597, "1.00 h")]
    [InlineData(14_112, "3.92 h")]
    [InlineData(86_400, "24.00 h")]
    [InlineData(172_781, "47.99 h")]
    [InlineData(172_800, "2.00 d")]
    [InlineData(561_600, "6.50 d")]
    [InlineData(-13, "-13.0 s")]
    public void Short_picks_the_unit_that_reads_naturally(double seconds, string expected) =>
        DurationText.Short(TimeSpan.FromSeconds(seconds)).Should().Be(expected);

    [Theory]
    [InlineData(13, "13.0 seconds")]
    [InlineData(252, "4.2 minutes")]
    [InlineData(86_400, "24.00 hours")]
    [InlineData(604_800, "7.00 days")]
    public void Long_spells_the_unit_out_for_headline_lines(double seconds, string expected) =>
        DurationText.Long(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
}
