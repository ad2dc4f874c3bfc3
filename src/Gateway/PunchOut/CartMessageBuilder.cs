using Punchout.Gateway.Sessions;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.PunchOut;
using Punchout.Validation.Carts;

namespace Punchout.Gateway.PunchOut;

/// <summary>Builds the PunchOutOrderMessage that carries a checked cart back to the procurement system.</summary>
/// <remarks>Prices are the ERP's; the header goes back to the buyer (From is the supplier the buyer addressed, To the
/// buyer) and carries no SharedSecret, since the browser carries the message.</remarks>
public static class CartMessageBuilder
{
    /// <summary>The message for an accepted cart: one ItemIn per line, the Total the sum of the lines.</summary>
    public static CxmlEnvelope ForCart(PunchoutSession session, IReadOnlyList<PricedCartLine> lines, string currency, string payloadId, DateTimeOffset now, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(lines);
        var items = lines.Select(line => new ItemIn(
            line.CartLine.Quantity,
            new ItemId(line.CartLine.SupplierPartId!, line.CartLine.SupplierPartAuxiliaryId),
            new ItemDetail
            {
                UnitPrice = new Money(line.UnitPrice, currency),
                Descriptions = [new Description(line.CartLine.Description ?? line.Quote.Description ?? line.CartLine.SupplierPartId!, session.Lang)],
                UnitOfMeasure = line.Quote.UnitOfMeasure ?? line.CartLine.UnitOfMeasure!,
                PriceBasisQuantity = line.Quote.PriceBasisQuantity == 1 ? null : new PriceBasisQuantity(line.Quote.PriceBasisQuantity, 1, line.Quote.UnitOfMeasure ?? line.CartLine.UnitOfMeasure!),
                Classifications = [ClassificationOf(line)],
                ManufacturerPartId = line.CartLine.ManufacturerPartId,
                ManufacturerName = line.CartLine.ManufacturerName,
                LeadTimeDays = line.CartLine.LeadTimeDays,
                Extrinsics = [.. (line.CartLine.Extrinsics ?? new Dictionary<string, string>()).Select(x => new Extrinsic(x.Key, x.Value))],
            },
            line.Line)).ToList();
        return Envelope(session, payloadId, now, userAgent, new PunchOutOrderMessage
        {
            BuyerCookie = session.BuyerCookie,
            OperationAllowed = OperationAllowed.Edit,
            Total = new Money(TotalOf(lines), currency),
            Items = items,
        });
    }

    /// <summary>The cart's Total: the sum of the line amounts, rounded to cents, without tax and shipping.</summary>
    public static decimal TotalOf(IReadOnlyList<PricedCartLine> lines) => Math.Round(lines.Sum(l => l.Amount), 2, MidpointRounding.AwayFromZero);

    /// <summary>The message for a cancelled session: no ItemIn, which a procurement system reads as a cancel on create.</summary>
    public static CxmlEnvelope ForCancel(PunchoutSession session, string currency, string payloadId, DateTimeOffset now, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Envelope(session, payloadId, now, userAgent, new PunchOutOrderMessage
        {
            BuyerCookie = session.BuyerCookie,
            OperationAllowed = OperationAllowed.Edit,
            Total = new Money(0.00m, currency),
        });
    }

    private static Classification ClassificationOf(PricedCartLine line) =>
        line.CartLine.Classification is { } fromCart ? new Classification(fromCart.Domain, fromCart.Code)
        : line.Quote.Classification is { } fromErp ? new Classification(fromErp.Domain, fromErp.Code)
        : new Classification("UNSPSC", string.Empty);

    private static CxmlEnvelope Envelope(PunchoutSession session, string payloadId, DateTimeOffset now, string userAgent, PunchOutOrderMessage message)
    {
        var supplier = session.SupplierCredentials.Select(c => new Credential(c.Domain, c.Identity)).ToList();
        var buyer = session.BuyerCredentials.Select(c => new Credential(c.Domain, c.Identity)).ToList();
        return new CxmlEnvelope
        {
            PayloadId = payloadId,
            Timestamp = now,
            Lang = session.Lang,
            Header = new CxmlHeader(supplier, buyer, new CxmlSender(supplier, userAgent)),
            Body = new CxmlMessage(message, DeploymentMode: session.DeploymentMode),
        };
    }
}
