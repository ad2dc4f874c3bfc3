using System.Text;
using System.Xml;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Punchout.Gateway.Cxml;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.PunchOut;

namespace Punchout.Benchmarks;

/// <summary>The protocol layer against the least any reader or writer must do with the same bytes: a bare
/// <see cref="XmlReader"/> that visits every node, attribute value and text (with the reader's own security
/// settings), and a bare <see cref="XmlWriter"/> that writes the same elements (with the writer's own settings).
/// The Ratio column is the cost of the models, the leniency, the checks and, for the setup request, authentication.</summary>
/// <remarks>Targets (issue 3): setup read + authenticate within 1.5× its scan; 50-line OrderRequest read within 2× its
/// scan; 50-line PunchOutOrderMessage write within 1.3× its bare write. docs/performance.md has the figures.</remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class BaselineBenchmarks
{
    private static readonly XmlReaderSettings ScanSettings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersInDocument = CxmlReaderOptions.Default.MaxCharacters,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
    };

    private static readonly XmlWriterSettings WriteSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
    };

    private byte[] setupRequest = [];
    private byte[] orderRequest = [];
    private CxmlEnvelope cart = null!;
    private CxmlAuthenticator authenticator = null!;

    /// <summary>The corpus setup request, a 50-line OrderRequest written from the corpus order, a 50-line cart.</summary>
    [GlobalSetup]
    public void Setup()
    {
        setupRequest = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", "generic-PunchOutSetupRequest.xml"));
        var corpusOrder = CxmlReader.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", "coupa-OrderRequest.xml"))).Document!;
        var order = (OrderRequest)((CxmlRequest)corpusOrder.Body).Payload;
        orderRequest = CxmlWriter.ToBytes(corpusOrder with
        {
            Body = new CxmlRequest(order with { Items = [.. Enumerable.Range(1, 50).Select(i => order.Items[i % 2] with { LineNumber = i })] }),
        });
        authenticator = Buyers.Authenticator("NetworkId", "inbound@prominate-platform.com", "s3cr3t", "prominate-platform.com");
        var line = ((PunchOutOrderMessage)((CxmlMessage)CxmlReader.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", "generic-PunchoutOrderMessage.xml"))).Document!.Body).Payload).Items[0];
        cart = new CxmlEnvelope
        {
            PayloadId = "1764150000000.1.abc@gateway",
            Timestamp = DateTimeOffset.UnixEpoch,
            Header = corpusOrder.Header,
            Body = new CxmlMessage(new PunchOutOrderMessage
            {
                BuyerCookie = "550bce3e592023b2e7b015307f965133",
                Total = new Money(38160.00m, "USD"),
                Items = [.. Enumerable.Range(1, 50).Select(i => line with { ItemId = new ItemId($"DEMO-{i}", $"aux-{i}", $"B-{i}") })],
            }),
        };
        if (authenticator.Authenticate(CxmlReader.Read(setupRequest).Document!).Buyer is null || Scan(orderRequest) < 1000)
        {
            throw new InvalidOperationException("The benchmark's documents are not what it measures.");
        }
    }

    /// <summary>Baseline: a bare scan of the corpus PunchOutSetupRequest.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("setup")]
    public int ScanSetupRequest() => Scan(setupRequest);

    /// <summary>Reading the corpus PunchOutSetupRequest into its model and authenticating it among 200 buyers.</summary>
    [Benchmark]
    [BenchmarkCategory("setup")]
    public bool ReadAndAuthenticateSetupRequest() => authenticator.Authenticate(CxmlReader.Read(setupRequest).Document!).Buyer is not null;

    /// <summary>Reading the corpus PunchOutSetupRequest into its model, without authentication: the split of the figure above.</summary>
    [Benchmark]
    [BenchmarkCategory("setup")]
    public CxmlReadResult ReadSetupRequest() => CxmlReader.Read(setupRequest);

    /// <summary>Baseline: a bare scan of a 50-line OrderRequest.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("order")]
    public int ScanOrderRequest() => Scan(orderRequest);

    /// <summary>Reading a 50-line OrderRequest into its model.</summary>
    [Benchmark]
    [BenchmarkCategory("order")]
    public CxmlReadResult ReadOrderRequest() => CxmlReader.Read(orderRequest);

    /// <summary>Baseline: writing the elements of a 50-line PunchOutOrderMessage with a bare XmlWriter.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("cart")]
    public byte[] BareWriteCart()
    {
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, WriteSettings))
        {
            var message = (PunchOutOrderMessage)((CxmlMessage)cart.Body).Payload;
            w.WriteStartDocument();
            w.WriteDocType("cXML", null, "http://xml.cxml.org/schemas/cXML/1.2.069/cXML.dtd", null);
            w.WriteStartElement("cXML");
            w.WriteAttributeString("payloadID", cart.PayloadId);
            w.WriteAttributeString("timestamp", "1970-01-01T00:00:00+00:00");
            w.WriteAttributeString("xml", "lang", null, "en-US");
            w.WriteStartElement("Header");
            foreach (var part in new[] { "From", "To", "Sender" })
            {
                w.WriteStartElement(part);
                w.WriteStartElement("Credential");
                w.WriteAttributeString("domain", "NetworkID");
                w.WriteElementString("Identity", "kasdflkjasdf");
                w.WriteEndElement();
                if (part == "Sender")
                {
                    w.WriteElementString("UserAgent", "Coupa Procurement 1.0");
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteStartElement("Message");
            w.WriteAttributeString("deploymentMode", "production");
            w.WriteStartElement("PunchOutOrderMessage");
            w.WriteElementString("BuyerCookie", message.BuyerCookie);
            w.WriteStartElement("PunchOutOrderMessageHeader");
            w.WriteAttributeString("operationAllowed", "edit");
            w.WriteStartElement("Total");
            w.WriteStartElement("Money");
            w.WriteAttributeString("currency", "USD");
            w.WriteString("38160.00");
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            foreach (var item in message.Items)
            {
                w.WriteStartElement("ItemIn");
                w.WriteAttributeString("quantity", "3");
                w.WriteStartElement("ItemID");
                w.WriteElementString("SupplierPartID", item.ItemId.SupplierPartId);
                w.WriteElementString("SupplierPartAuxiliaryID", item.ItemId.SupplierPartAuxiliaryId);
                w.WriteElementString("BuyerPartID", item.ItemId.BuyerPartId);
                w.WriteEndElement();
                w.WriteStartElement("ItemDetail");
                w.WriteStartElement("UnitPrice");
                w.WriteStartElement("Money");
                w.WriteAttributeString("currency", "USD");
                w.WriteString("763.20");
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteStartElement("Description");
                w.WriteAttributeString("xml", "lang", null, "en");
                w.WriteElementString("ShortName", "Excelsior Desk Chair");
                w.WriteEndElement();
                w.WriteElementString("UnitOfMeasure", "EA");
                w.WriteStartElement("Classification");
                w.WriteAttributeString("domain", "UNSPSC");
                w.WriteString("ean1234");
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    /// <summary>Writing a 50-line PunchOutOrderMessage from its model.</summary>
    [Benchmark]
    [BenchmarkCategory("cart")]
    public byte[] WriteCart() => CxmlWriter.ToBytes(cart);

    // Visits every node, every attribute value and every text, as any reader of the document must.
    private static int Scan(byte[] document)
    {
        using var stream = new MemoryStream(document, writable: false);
        using var reader = XmlReader.Create(stream, ScanSettings);
        var characters = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.MoveToFirstAttribute())
            {
                do
                {
                    characters += reader.Value.Length;
                }
                while (reader.MoveToNextAttribute());
                reader.MoveToElement();
            }
            else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
            {
                characters += reader.Value.Length;
            }
        }

        return characters;
    }
}
