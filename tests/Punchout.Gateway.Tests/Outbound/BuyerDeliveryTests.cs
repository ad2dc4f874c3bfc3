using Punchout.Gateway.Outbound;
using Punchout.Protocols.Cxml;

namespace Punchout.Gateway.Tests.Outbound;

public class BuyerDeliveryTests
{
    [Theory]
    [InlineData(200, 200, DeliveryResult.Delivered)]
    [InlineData(200, 201, DeliveryResult.Delivered)]
    [InlineData(200, 400, DeliveryResult.Refused)]
    [InlineData(200, 406, DeliveryResult.Refused)]
    [InlineData(500, 400, DeliveryResult.Refused)]
    [InlineData(200, 500, DeliveryResult.Failed)]
    [InlineData(200, 560, DeliveryResult.Failed)]
    [InlineData(503, 560, DeliveryResult.Failed)]
    public void Judge_ACxmlResponse_IsJudgedByItsStatusWhateverTheHttpStatus(int http, int status, DeliveryResult expected) =>
        Assert.Equal(expected, BuyerDelivery.Judge(http, Response(status)).Result);

    [Theory]
    [InlineData(200, DeliveryResult.Failed)]
    [InlineData(302, DeliveryResult.Failed)]
    [InlineData(400, DeliveryResult.Refused)]
    [InlineData(401, DeliveryResult.Refused)]
    [InlineData(404, DeliveryResult.Refused)]
    [InlineData(408, DeliveryResult.Failed)]
    [InlineData(429, DeliveryResult.Failed)]
    [InlineData(500, DeliveryResult.Failed)]
    [InlineData(503, DeliveryResult.Failed)]
    public void Judge_AnAnswerThatIsNoCxmlResponse_IsJudgedByItsHttpStatus(int http, DeliveryResult expected)
    {
        var outcome = BuyerDelivery.Judge(http, "<html>Gateway Timeout</html>"u8.ToArray());

        Assert.Equal((expected, $"HTTP {http} without a cXML Response"), (outcome.Result, outcome.Detail));
    }

    [Fact]
    public void Judge_TellsTheStatusAndItsTextShortened()
    {
        var outcome = BuyerDelivery.Judge(200, Response(400, "line 1\nunknown " + new string('x', 400)));

        Assert.StartsWith("HTTP 200, Status 400 Bad Request: line 1 unknown xxx", outcome.Detail, StringComparison.Ordinal);
        Assert.EndsWith("…", outcome.Detail, StringComparison.Ordinal);
        Assert.True(outcome.Detail.Length < 400);
    }

    [Fact]
    public void Judge_AnAnswerTooLargeToRead_IsAFailure() =>
        Assert.Equal(DeliveryResult.Failed, BuyerDelivery.Judge(200, null).Result);

    private static byte[] Response(int code, string? detail = null) =>
        CxmlWriter.ToBytes(new CxmlEnvelope { PayloadId = "p-answer@buyer", Timestamp = DateTimeOffset.UnixEpoch, Body = new CxmlResponse(CxmlStatus.Of(code, detail)) });
}
