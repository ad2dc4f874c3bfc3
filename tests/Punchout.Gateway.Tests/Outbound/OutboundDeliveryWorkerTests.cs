using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Outbound;
using Punchout.Gateway.Sessions;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Fulfill;
using Punchout.TestSupport;

namespace Punchout.Gateway.Tests.Outbound;

/// <summary>The delivery worker on a fake clock: what it sends, how long it waits between attempts, when it gives up.</summary>
public sealed class OutboundDeliveryWorkerTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ScriptedBuyer buyer = new();
    private readonly InMemoryOutboundStore store;
    private readonly PrometheusExporter exporter;
    private readonly GatewayOptions settings = new()
    {
        Buyers =
        [
            new BuyerOptions
            {
                Id = "acme",
                ErpAccount = "C-1",
                Cxml = new CxmlBuyerOptions
                {
                    Credentials = [new CredentialOptions { Domain = "NetworkID", Identity = "AN01" }],
                    SharedSecret = "acme-secret",
                    OrderStatus = new OrderStatusOptions { Url = "https://buyer.example/cxml", SharedSecret = "acme-order-status-secret" },
                },
            },
        ],
        Gateway = new HostOptions { Supplier = new SupplierOptions { Credentials = [new CredentialOptions { Domain = "DUNS", Identity = "123456789" }] } },
        Outbound = new OutboundOptions { RetryBaseDelay = TimeSpan.FromSeconds(10), RetryMaxDelay = TimeSpan.FromSeconds(40), DeliveryWindow = TimeSpan.FromMinutes(3) },
    };

    public OutboundDeliveryWorkerTests()
    {
        store = new InMemoryOutboundStore(clock);
        exporter = new PrometheusExporter(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
    }

    [Fact]
    public async Task Deliver_TheBuyerTakesIt_SendsTheStoredDocumentWithTheBuyersSecretAndRecordsOneAttempt()
    {
        var queued = await EnqueueAsync();

        await DeliverNextAsync();

        var sent = Assert.Single(buyer.Received);
        Assert.Equal(new Uri("https://buyer.example/cxml"), sent.Url);
        DtdAssert.Valid(sent.Body, CxmlDtd.FulfillDtdName);
        var envelope = CxmlReader.Read(sent.Body).Document!;
        Assert.Equal(queued.PayloadId, envelope.PayloadId);
        Assert.Equal("acme-order-status-secret", envelope.Header!.Sender.Credentials.Single().SharedSecret!.Reveal());
        var stored = (await store.GetAsync(queued.Id, default))!;
        Assert.Equal((OutboundState.Delivered, clock.GetUtcNow()), (stored.State, stored.DeliveredAt!.Value));
        Assert.Equal(new DeliveryAttempt(clock.GetUtcNow(), "delivered", "HTTP 200, Status 200 OK"), Assert.Single(stored.Attempts));
        Assert.Equal(1, exporter.Value("punchout_outbound_delivered_total", ("buyer", "acme"), ("type", "confirmation")));
    }

    [Fact]
    public async Task Deliver_TheBuyerDown_WaitsTwiceAsLongEachTime_UpToTheMaximum_ThenDeadLettersAfterTheWindow()
    {
        buyer.Answer = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("<html>down</html>") };
        var queued = await EnqueueAsync();
        var attempts = new List<DateTimeOffset>();

        // Second by second, each attempt as soon as the store hands the document out again.
        for (var second = 0; second < 600 && (await store.GetAsync(queued.Id, default))!.State == OutboundState.Queued; second++)
        {
            if (await store.ReadQueueAsync("w", 1, TimeSpan.FromMinutes(5), default) is [var entry])
            {
                attempts.Add(clock.GetUtcNow());
                await Worker().DeliverAsync(entry, default);
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var waits = attempts.Zip(attempts.Skip(1), (a, b) => b - a);
        // The pinned random source gives the most a jittered delay may be: all of it.
        Assert.Equal([10, 20, 40, 40, 40, 40], waits.Select(w => (int)w.TotalSeconds));
        var dead = (await store.GetAsync(queued.Id, default))!;
        Assert.Equal(7, dead.Attempts.Count);
        Assert.All(dead.Attempts, a => Assert.Equal(("failed", "HTTP 503 without a cXML Response"), (a.Outcome, a.Detail)));
        Assert.Equal("The buyer could not take the document within the delivery window of 00:03:00: HTTP 503 without a cXML Response", dead.DeadLetterReason);
        Assert.Equal(6, exporter.Value("punchout_outbound_retried_total", ("buyer", "acme"), ("type", "confirmation")));
        Assert.Equal(1, exporter.Value("punchout_outbound_failed_total", ("buyer", "acme"), ("reason", "unavailable"), ("type", "confirmation")));
    }

    [Fact]
    public async Task Deliver_AnHttp500CarryingStatus400_IsARefusal_DeadLetteredAtOnce()
    {
        buyer.Answer = _ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new ByteArrayContent(Response(400, "unknown order")) };
        var queued = await EnqueueAsync();

        await DeliverNextAsync();

        var dead = (await store.GetAsync(queued.Id, default))!;
        Assert.Equal(OutboundState.DeadLettered, dead.State);
        Assert.Equal("The buyer refused the document: HTTP 500, Status 400 Bad Request: unknown order", dead.DeadLetterReason);
        Assert.Empty(await store.ReadQueueAsync("w", 1, TimeSpan.FromMinutes(5), default));
    }

    [Fact]
    public async Task Deliver_ForABuyerThatLostItsUrl_DeadLettersWithoutSending()
    {
        var queued = await EnqueueAsync();
        settings.Buyers[0].Cxml!.OrderStatus = null;

        await DeliverNextAsync();

        Assert.Empty(buyer.Received);
        var dead = (await store.GetAsync(queued.Id, default))!;
        Assert.StartsWith("Buyer acme has no Cxml:OrderStatus:Url", dead.DeadLetterReason, StringComparison.Ordinal);
        Assert.Equal(1, exporter.Value("punchout_outbound_failed_total", ("buyer", "acme"), ("reason", "unconfigured"), ("type", "confirmation")));
    }

    [Fact]
    public void RetryDelay_IsBetweenHalfAndAllOfTheDoubledDelay()
    {
        var low = Worker(new PinnedRandom(0x00));
        var high = Worker(new PinnedRandom(0xFF));
        int[] attempts = [1, 2, 3, 9];

        Assert.Equal([5, 10, 20, 20], attempts.Select(n => (int)low.RetryDelay(n).TotalSeconds));
        Assert.Equal([10, 20, 40, 40], attempts.Select(n => (int)Math.Round(high.RetryDelay(n).TotalSeconds)));
    }

    public void Dispose()
    {
        exporter.Dispose();
        services.Dispose();
        buyer.Dispose();
    }

    private OutboundDeliveryWorker Worker(IRandomSource? random = null)
    {
        var options = Options.Create(settings);
        return new OutboundDeliveryWorker(
            store,
            new BuyerDirectory(options),
            new BuyerDelivery(new HttpClient(buyer)),
            new GatewayMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            random ?? new PinnedRandom(0xFF),
            options,
            clock,
            NullLogger<OutboundDeliveryWorker>.Instance);
    }

    private async Task DeliverNextAsync()
    {
        var entry = Assert.Single(await store.ReadQueueAsync("w", 1, TimeSpan.FromMinutes(5), default));
        await Worker().DeliverAsync(entry, default);
    }

    private async Task<OutboundDocument> EnqueueAsync()
    {
        var options = Options.Create(settings);
        var buyerConfig = new BuyerDirectory(options).Find("acme")!;
        var envelope = OutboundEnvelopes.Stored(
            new ConfirmationRequest { Header = new ConfirmationHeader { Type = ConfirmationType.Accept, NoticeDate = clock.GetUtcNow() }, OrderReference = new OrderReference(new DocumentReference("p-order@buyer")) { OrderId = "PO-1" } },
            buyerConfig,
            settings.Gateway.Supplier.Credentials,
            "p-confirmation@gateway",
            clock.GetUtcNow(),
            "Punchout Gateway",
            DeploymentMode.Production);
        var queued = new OutboundDocument
        {
            Id = "out-1",
            Type = OutboundType.Confirmation,
            GatewayOrderId = "ord-1",
            OrderId = "PO-1",
            BuyerId = "acme",
            PayloadId = envelope.PayloadId,
            Source = "erp",
            CreatedAt = clock.GetUtcNow(),
            Document = Encoding.UTF8.GetString(CxmlWriter.ToBytes(envelope)),
        };
        await store.EnqueueAsync(new OutboundIntake(queued, null, "body"), default);
        return queued;
    }

    private static byte[] Response(int code, string? detail = null) =>
        CxmlWriter.ToBytes(new CxmlEnvelope { PayloadId = "p-answer@buyer", Timestamp = DateTimeOffset.UnixEpoch, Body = new CxmlResponse(CxmlStatus.Of(code, detail)) });

    private sealed class PinnedRandom(byte value) : IRandomSource
    {
        public void Fill(Span<byte> buffer) => buffer.Fill(value);
    }

    private sealed class ScriptedBuyer : HttpMessageHandler
    {
        public List<(Uri Url, byte[] Body)> Received { get; } = [];

        public Func<HttpRequestMessage, HttpResponseMessage> Answer { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Response(200)) };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Received.Add((request.RequestUri!, await request.Content!.ReadAsByteArrayAsync(cancellationToken)));
            return Answer(request);
        }
    }
}
