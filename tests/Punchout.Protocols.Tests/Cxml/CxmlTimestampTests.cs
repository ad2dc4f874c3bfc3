using Punchout.Protocols.Cxml;

namespace Punchout.Protocols.Tests.Cxml;

public class CxmlTimestampTests
{
    [Theory]
    [InlineData("2015-04-14T13:36:00-08:00", "2015-04-14T13:36:00-08:00")]
    [InlineData("2026-11-26T23:59:59+05:30", "2026-11-26T23:59:59+05:30")]
    [InlineData("2024-02-29T00:00:00-12:00", "2024-02-29T00:00:00-12:00")]
    [InlineData("2015-04-14T13:36:00.123+02:00", "2015-04-14T13:36:00+02:00")]
    [InlineData("2015-04-14T13:36:00Z", "2015-04-14T13:36:00+00:00")]
    [InlineData("2022-10-18T23:56:52", "2022-10-18T23:56:52+00:00")]
    [InlineData("2022-10-18", "2022-10-18T00:00:00+00:00")]
    [InlineData("Mon May 19 18:29:48 +0000 2008", "2008-05-19T18:29:48+00:00")]
    [InlineData("Tue Jan 6 08:00:00 -0500 2009", "2009-01-06T08:00:00-05:00")]
    public void TryParse_FormsBuyersSend_AreRead(string text, string expected)
    {
        Assert.True(CxmlTimestamp.TryParse(text, out var value));
        Assert.Equal(expected, CxmlTimestamp.Format(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-13-40T00:00:00+00:00")]
    [InlineData("2025-02-29T00:00:00+00:00")]
    [InlineData("2026-11-26T24:00:00+00:00")]
    [InlineData("2026-11-26T10:60:00+00:00")]
    [InlineData("2026-11-26T10:00:00+15:00")]
    [InlineData("2026-11-26T10:00:00*05:00")]
    [InlineData("2026-11-2xT10:00:00+05:00")]
    public void TryParse_NonDates_AreRefused(string text) => Assert.False(CxmlTimestamp.TryParse(text, out _));

    [Fact]
    public void Format_UtcValue_WritesAnOffsetNeverZ() =>
        Assert.Equal("2026-11-26T09:30:00+00:00", CxmlTimestamp.Format(new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero)));
}
