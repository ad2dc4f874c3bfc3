using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Protocols.Cxml;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>Hostile XML posted to the real gateway: every attack is refused by a limit, never by luck or by a clock.</summary>
[Collection(GatewayTests.Name)]
public sealed class HostileXmlTests(RedisServer redis) : GatewayTestBase(redis)
{
    private const int FiftyMegabytes = 50 * 1024 * 1024;

    // The 4 MiB document limit, twice that at most while Kestrel drains for a clean answer, and what the loopback
    // socket buffers hold on top; Kestrel's own cap alone would let 30 MB through.
    private const int MostBytesPulled = 20 * 1024 * 1024;

    [Fact]
    public async Task BillionLaughs_IsRefused406WithoutExpandingAnEntity()
    {
        var document = SetupRequestWith(
            internalSubset: """
                <!ENTITY lol "lol">
                <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
                <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
                <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
                <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
                <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
                <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
                """,
            buyerCookie: "&lol9;");

        var (status, answer) = await PostAsync(document);

        Assert.Equal(CxmlStatusCodes.NotAcceptable, status.Code);
        Assert.Contains("'lol9'", status.Detail, StringComparison.Ordinal);
        Assert.Contains("never expanded", status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("lollol", answer, StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
    }

    [Theory]
    [InlineData("""<!ENTITY xxe SYSTEM "{file}">""", "{canary}", "&xxe;")]
    [InlineData("""<!ENTITY % remote SYSTEM "{file}"> %remote;""", """<!ENTITY xxe "{canary}">""", "&xxe;")]
    public async Task EntityNamingALocalFile_IsRefusedUnexpandedAndTheFileNeverReachesTheAnswerOrTheLogs(string internalSubset, string fileText, string buyerCookie)
    {
        var canary = $"CANARY-{Guid.NewGuid():N}";
        var secretFile = Path.Combine(Path.GetTempPath(), $"punchout-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(secretFile, fileText.Replace("{canary}", canary, StringComparison.Ordinal));
        try
        {
            var document = SetupRequestWith(internalSubset: internalSubset.Replace("{file}", new Uri(secretFile).ToString(), StringComparison.Ordinal), buyerCookie: buyerCookie);

            var (status, answer) = await PostAsync(document);

            Assert.Equal(CxmlStatusCodes.NotAcceptable, status.Code);
            Assert.Contains("'xxe'", status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain(canary, answer, StringComparison.Ordinal);
            Assert.DoesNotContain(Host.Logs.Lines(), l => l.Contains(canary, StringComparison.Ordinal));
            Assert.Empty(await Host.StoredKeysAsync(Redis));
        }
        finally
        {
            File.Delete(secretFile);
        }
    }

    [Fact]
    public async Task DoctypeAndEntitiesNamingAUrl_AreNeverFetched()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var site = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var withEntity = SetupRequestWith(
            systemId: $"{site}/cXML.dtd",
            internalSubset: $"""<!ENTITY % remote SYSTEM "{site}/remote.dtd"> %remote; <!ENTITY xxe SYSTEM "{site}/secret">""",
            buyerCookie: "&xxe;");
        var doctypeOnly = SetupRequestWith(systemId: $"{site}/cXML.dtd");

        var (refused, _) = await PostAsync(withEntity);
        var (accepted, _) = await PostAsync(doctypeOnly);

        Assert.Equal(CxmlStatusCodes.NotAcceptable, refused.Code);
        Assert.Equal(CxmlStatusCodes.Ok, accepted.Code);
        Assert.False(listener.Pending(), "The gateway opened a connection to a URL the document named.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FiftyMegabyteBody_IsRefused499AndTheGatewayStopsReadingFarBeforeTheEnd(bool declareLength)
    {
        using var body = new EndlessSetupRequest(FiftyMegabytes, declareLength);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        // The gateway answers 499 (at once for a Content-Length over its limit, else once it has read past the limit),
        // then closes the connection: a client that goes on sending may see the close before the answer, as with
        // any server that stops reading.
        CxmlStatus? status = null;
        try
        {
            (status, _) = await PostAsync(body);
        }
        catch (HttpRequestException ex) when (ex.InnerException is IOException)
        {
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.Equal(CxmlStatusCodes.DocumentTooLarge, status?.Code ?? CxmlStatusCodes.DocumentTooLarge);
        Assert.Contains(Host.Logs.WithEventId(1002), e => CapturedLogs.Property(e, "Problem") == "the document is larger than 4194304 bytes");
        Assert.True(body.BytesSent < MostBytesPulled, $"The gateway pulled {body.BytesSent} of {FiftyMegabytes} bytes.");
        Assert.True(allocated < FiftyMegabytes / 2, $"Test and gateway allocated {allocated} bytes while refusing a {FiftyMegabytes}-byte body.");
    }

    [Fact]
    public async Task TenThousandLevelsOfNesting_Is406NamingTheDepthLimit()
    {
        var nested = string.Concat(Enumerable.Repeat("<Extrinsic name=\"x\">", 10_000)) + string.Concat(Enumerable.Repeat("</Extrinsic>", 10_000));
        var document = Encoding.UTF8.GetString(ProcurementSystem.SetupRequest())
            .Replace("</BuyerCookie>", "</BuyerCookie>" + nested, StringComparison.Ordinal);

        var (status, _) = await PostAsync(Encoding.UTF8.GetBytes(document));

        Assert.Equal(CxmlStatusCodes.NotAcceptable, status.Code);
        Assert.Contains($"nested deeper than {CxmlReaderOptions.Default.MaxDepth} levels", status.Detail, StringComparison.Ordinal);
        Assert.Contains("(line ", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneMegabyteAttributeValue_Is499NamingTheAttributeTheLimitAndThePlace()
    {
        var document = Encoding.UTF8.GetString(ProcurementSystem.SetupRequest())
            .Replace("<BuyerCookie>", $"<Extrinsic name=\"{new string('x', 1024 * 1024)}\">x</Extrinsic><BuyerCookie>", StringComparison.Ordinal);

        var (status, answer) = await PostAsync(Encoding.UTF8.GetBytes(document));

        Assert.Equal(CxmlStatusCodes.DocumentTooLarge, status.Code);
        Assert.Contains($"attribute name is longer than {CxmlReaderOptions.Default.MaxValueCharacters} characters", status.Detail, StringComparison.Ordinal);
        Assert.Contains("/cXML/Request/PunchOutSetupRequest/Extrinsic", status.Detail, StringComparison.Ordinal);
        Assert.Contains("(line ", status.Detail, StringComparison.Ordinal);
        Assert.True(answer.Length < 4096, "The answer echoes the value.");
    }

    // The sample setup request with its DOCTYPE replaced, and the BuyerCookie's text when given.
    private static byte[] SetupRequestWith(string? systemId = null, string? internalSubset = null, string? buyerCookie = null)
    {
        var text = Encoding.UTF8.GetString(ProcurementSystem.SetupRequest());
        var doctypeStart = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        var doctypeEnd = text.IndexOf('>', doctypeStart) + 1;
        var doctype = $"<!DOCTYPE cXML SYSTEM \"{systemId ?? CxmlDtd.SystemIdOf(CxmlDtd.CxmlDtdName)}\"{(internalSubset is null ? string.Empty : $" [\n{internalSubset}\n]")}>";
        text = text[..doctypeStart] + doctype + text[doctypeEnd..];
        if (buyerCookie is not null)
        {
            var cookieStart = text.IndexOf("<BuyerCookie>", StringComparison.Ordinal) + "<BuyerCookie>".Length;
            text = text[..cookieStart] + buyerCookie + text[text.IndexOf("</BuyerCookie>", StringComparison.Ordinal)..];
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private async Task<(CxmlStatus Status, string Answer)> PostAsync(byte[] document)
    {
        using var content = new ByteArrayContent(document);
        return await PostAsync(content);
    }

    // Posts to /cxml; the answer must be HTTP 200 with a cXML Response, whose Status is returned with the raw text.
    private async Task<(CxmlStatus Status, string Answer)> PostAsync(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        using var client = Host.Client();
        using var response = await client.PostAsync(new Uri("/cxml", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadAsStringAsync();
        var read = CxmlReader.Read(Encoding.UTF8.GetBytes(answer));
        Assert.True(read.Error is null, read.Error?.ToString());
        return (Assert.IsType<CxmlResponse>(read.Document!.Body).Status, answer);
    }

    // A setup request whose BuyerCookie never ends, streamed in chunks as the server pulls them; counts what it sent.
    private sealed class EndlessSetupRequest(long length, bool declareLength) : HttpContent
    {
        private long bytesSent;

        public long BytesSent => Interlocked.Read(ref bytesSent);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var text = Encoding.UTF8.GetString(ProcurementSystem.SetupRequest());
            var head = Encoding.UTF8.GetBytes(text[..(text.IndexOf("<BuyerCookie>", StringComparison.Ordinal) + "<BuyerCookie>".Length)]);
            await WriteAsync(stream, head);
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var left = length - head.Length; left > 0; left -= chunk.Length)
            {
                await WriteAsync(stream, chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)));
            }
        }

        protected override bool TryComputeLength(out long contentLength)
        {
            contentLength = declareLength ? length : 0;
            return declareLength;
        }

        private async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> bytes)
        {
            await stream.WriteAsync(bytes);
            Interlocked.Add(ref bytesSent, bytes.Length);
        }
    }
}
