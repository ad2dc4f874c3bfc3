using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Handlers;

namespace Punchout.Protocols.Tests.Handlers;

public class CxmlHandlerRegistryTests
{
    [Fact]
    public void Constructor_TwoHandlersForOneRequest_IsRefusedNamingBoth()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new CxmlHandlerRegistry([new OrderHandler(), new OtherOrderHandler()]));

        Assert.Contains(nameof(OrderHandler), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(OtherOrderHandler), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryGet_RegisteredRequest_FindsTheHandlerWhichGetsTheTypedRequest()
    {
        var registry = new CxmlHandlerRegistry([new OrderHandler()]);

        Assert.True(registry.TryGet("OrderRequest", out var handler));
        Assert.False(registry.TryGet("ProfileRequest", out _));
        Assert.Equal(["OrderRequest"], registry.RequestNames);
        var response = await handler.HandleAsync(new CxmlRequestContext { BuyerId = "acme", Envelope = Some.Envelope(new CxmlRequest(Some.Order())), Body = Array.Empty<byte>() }, CancellationToken.None);
        Assert.Equal("PO-1 for acme", response.Status.Detail);
    }

    private sealed class OrderHandler : CxmlRequestHandler<OrderRequest>
    {
        protected override ValueTask<CxmlResponse> HandleAsync(CxmlRequestContext context, OrderRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new CxmlResponse(CxmlStatus.Of(200, $"{request.Header.OrderId} for {context.BuyerId}")));
    }

    private sealed class OtherOrderHandler : CxmlRequestHandler<OrderRequest>
    {
        protected override ValueTask<CxmlResponse> HandleAsync(CxmlRequestContext context, OrderRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new CxmlResponse(CxmlStatus.Ok));
    }
}
