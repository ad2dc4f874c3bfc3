using BenchmarkDotNet.Attributes;
using Punchout.Gateway.Cxml;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.PunchOut;

namespace Punchout.Benchmarks;

/// <summary>The per-document work of POST /cxml before any I/O: read, authenticate, write the answer.</summary>
[MemoryDiagnoser]
public class CxmlBenchmarks
{
    private byte[] orderRequest = [];
    private byte[] setupRequest = [];
    private CxmlEnvelope order = null!;
    private CxmlEnvelope cart = null!;
    private CxmlAuthenticator authenticator = null!;

    [GlobalSetup]
    public void Setup()
    {
        orderRequest = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "OrderRequest.xml"));
        setupRequest = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "PunchOutSetupRequest.xml"));
        order = CxmlReader.Read(orderRequest).Document!;
        authenticator = Buyers.Authenticator("NetworkID", "AN01000000001-T", "demo-shared-secret", "procurement.example");
        cart = new CxmlEnvelope
        {
            PayloadId = "1764150000000.1.abc@gateway",
            Timestamp = DateTimeOffset.UnixEpoch,
            Header = order.Header,
            Body = new CxmlMessage(new PunchOutOrderMessage
            {
                BuyerCookie = "cookie",
                Total = new Money(250.00m, "USD"),
                Items = [.. Enumerable.Range(1, 20).Select(i => new ItemIn(i, new ItemId($"DEMO-{i}"), new ItemDetail
                {
                    UnitPrice = new Money(12.50m, "USD"),
                    Descriptions = [new Description($"Item {i}", "en-US")],
                    UnitOfMeasure = "EA",
                    Classifications = [new Classification("UNSPSC", "44121701")],
                }))],
            }),
        };
    }

    /// <summary>Reading an OrderRequest of one line.</summary>
    [Benchmark]
    public CxmlReadResult ReadOrderRequest() => CxmlReader.Read(orderRequest);

    /// <summary>Reading a PunchOutSetupRequest.</summary>
    [Benchmark]
    public CxmlReadResult ReadSetupRequest() => CxmlReader.Read(setupRequest);

    /// <summary>Finding the buyer among 200 by From and checking the SharedSecret.</summary>
    [Benchmark]
    public CxmlAuthentication Authenticate() => authenticator.Authenticate(order);

    /// <summary>Writing a 20-line PunchOutOrderMessage.</summary>
    [Benchmark]
    public byte[] WriteCart() => CxmlWriter.ToBytes(cart);

    /// <summary>Validating an OrderRequest against the bundled DTD, as `validate` does (not on the request path).</summary>
    [Benchmark]
    public int ValidateAgainstDtd() => CxmlDtd.Validate(orderRequest).Count;
}
