using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Status;

namespace Punchout.Protocols.Tests.Cxml.Conformance;

public class StatusUpdateRequestConformanceTests
{
    private const string File = "generic-StatusUpdateRequest.xml";

    [Fact]
    public void Read_GenericStatusUpdate_ReadsReferenceAndStatus()
    {
        var update = Corpus.Payload<StatusUpdateRequest>(Corpus.Read(File));

        Assert.Equal("0c300508b7863dcclb_14999", update.DocumentReference!.PayloadId);
        Assert.Equal(new CxmlStatus(200, "OK", "Forwarded to supplier"), update.Status);
        Assert.Null(update.Detail);
        Assert.Empty(update.Extrinsics);
    }

    [Fact]
    public void Write_GenericStatusUpdate_IsCxmlDtdValidAndReadsBackEqual() =>
        Corpus.AssertRoundTrips(Corpus.Read(File), CxmlDtd.CxmlDtdName);

    public static TheoryData<StatusUpdateDetail> Details =>
    [
        new DocumentStatus("processed") { Comments = [new Comment("Booked in the ERP.", "en-US")] },
        new IntegrationStatus(IntegrationDocumentStatus.CustomerFailed) { Message = new IntegrationMessage(false, "824", "Unknown ship-to") },
        new InvoiceStatus(InvoiceStatusType.Paid) { PaymentNetDueDate = new DateTimeOffset(2021, 2, 7, 0, 0, 0, TimeSpan.FromHours(-8)) },
    ];

    [Theory]
    [MemberData(nameof(Details))]
    public void Write_UpdateWithDetail_IsCxmlDtdValidAndReadsBackEqual(StatusUpdateDetail detail)
    {
        var document = Corpus.Read(File);
        var update = Corpus.Payload<StatusUpdateRequest>(document) with { Detail = detail, Extrinsics = [new Extrinsic("Channel", "EDI")] };

        Corpus.AssertRoundTrips(document with { Body = new CxmlRequest(update) }, CxmlDtd.CxmlDtdName);
    }

    [Fact]
    public void Write_UnmodelledDetail_IsRefused()
    {
        var document = Corpus.Read(File);
        var update = Corpus.Payload<StatusUpdateRequest>(document) with { Detail = new UnmodelledStatus("PaymentStatus", "Settlement") };

        Assert.Throws<InvalidOperationException>(() => CxmlWriter.ToBytes(document with { Body = new CxmlRequest(update) }));
    }

    [Fact]
    public void Read_UpdateWithoutStatus_IsMissingRequiredAtTheRequest()
    {
        var error = Corpus.ReadErrorWithout(File, """<Status code="200" text="OK" xml:lang="en-US">Forwarded to supplier</Status>""");

        Assert.Equal(CxmlReadErrorKind.MissingRequired, error.Kind);
        Assert.Contains("Status", error.Message, StringComparison.Ordinal);
        Assert.Equal("/cXML/Request/StatusUpdateRequest", error.Path);
        Assert.Equal(26, error.Line);
    }
}
