using System.Collections.Concurrent;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Profile;
using Punchout.Protocols.Handlers;
using Punchout.TestSupport;
using Xunit;

namespace Punchout.Functional.Tests;

/// <summary>A new B2B flow is one handler class and one registration call: it is dispatched and listed in the
/// ProfileResponse with no other change to the gateway.</summary>
[Collection(GatewayTests.Name)]
public sealed class HandlerPluginTests(RedisServer redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task ProfileRequest_ListsEveryBuiltInRequest_AtTheCxmlUrl_WithOrderOptions()
    {
        var response = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.Request("<ProfileRequest/>"));

        Assert.Equal(200, response.Status.Code);
        var profile = Assert.IsType<ProfileResponse>(response.Payload);
        // ConfirmationRequest and ShipNoticeRequest are relayed from the supplier's own systems to the buyer (docs/order-status.md).
        Assert.Equal(["ConfirmationRequest", "OrderRequest", "ProfileRequest", "PunchOutSetupRequest", "ShipNoticeRequest"], profile.Transactions.Select(t => t.RequestName));
        Assert.All(profile.Transactions, t => Assert.Equal(new Uri(Host.Address, "/cxml").ToString(), t.Url));
        var order = profile.Transactions.Single(t => t.RequestName == "OrderRequest");
        Assert.Equal([new ProfileOption("changes", "Yes"), new ProfileOption("attachments", "No")], order.Options);
    }

    [Fact]
    public async Task RegisteredHandler_ForARequestTheGatewayDoesNotKnow_IsDispatchedAndListedInTheProfile()
    {
        var quotes = new QuoteRequestHandler();
        Host = GatewayHost.Start(Redis, Erp.Url, services: services => services.AddCxmlHandler(quotes));
        var buyer = new ProcurementSystem(Host.Client());

        var answer = await buyer.SendAsync(ProcurementSystem.Request("<QuoteRequest/>"));
        var profile = Assert.IsType<ProfileResponse>((await buyer.SendAsync(ProcurementSystem.Request("<ProfileRequest/>"))).Payload);

        Assert.Equal(201, answer.Status.Code);
        var handled = Assert.Single(quotes.Received);
        Assert.Equal("demo", handled.BuyerId);
        Assert.Contains(handled.PayloadId, answer.Status.Detail, StringComparison.Ordinal);
        var quote = Assert.Single(profile.Transactions, t => t.RequestName == "QuoteRequest");
        Assert.Equal([new ProfileOption("service", "quotes")], quote.Options);
    }

    [Fact]
    public void TwoHandlersForOneRequest_StopTheGatewayFromStarting()
    {
        var error = Assert.ThrowsAny<Exception>(() => GatewayHost.Start(Redis, Erp.Url, services: services =>
        {
            services.AddCxmlHandler(new QuoteRequestHandler());
            services.AddCxmlHandler(new QuoteRequestHandler());
        }));

        Assert.Contains("QuoteRequest", error.ToString(), StringComparison.Ordinal);
    }

    // A flow the gateway knows nothing about: it reads no model (the reader keeps unknown requests by name), answers
    // 201 and records what it was given.
    private sealed class QuoteRequestHandler : ICxmlRequestHandler
    {
        public ConcurrentQueue<(string BuyerId, string PayloadId)> Received { get; } = new();

        public string RequestName => "QuoteRequest";

        public IReadOnlyList<ProfileOption> ProfileOptions => [new("service", "quotes")];

        public ValueTask<CxmlResponse> HandleAsync(CxmlRequestContext context, CancellationToken cancellationToken)
        {
            Received.Enqueue((context.BuyerId, context.Envelope.PayloadId));
            return ValueTask.FromResult(new CxmlResponse(CxmlStatus.Of(CxmlStatusCodes.Accepted, $"Quote {context.Envelope.PayloadId} queued.")));
        }
    }
}
