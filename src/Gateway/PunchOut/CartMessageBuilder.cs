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
    /// <summary>The message for an accepted cart: one ItemIn per line at the ERP's price, in the ERP's spelling of the
    /// part and unit, and the Total of the check. For an account the ERP's quote says is tax-exempt, a header Tax of zero
    /// that states the exemption (<see cref="ExemptTax"/>); otherwise no Tax: the supplier does not compute tax in the
    /// cart, the procurement system or the invoice does.</summary>
    public static CxmlEnvelope ForCart(PunchoutSession session, CartCheckResult check, string erpAccount, string payloadId, DateTimeOffset now, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(check);
        var items = check.Lines.Select(line => new ItemIn(
            line.CartLine.Quantity,
            new ItemId(line.SupplierPartId, line.CartLine.SupplierPartAuxiliaryId),
            new ItemDetail
            {
                UnitPrice = new Money(line.UnitPrice, check.Currency),
                Descriptions = [new Description(line.CartLine.Description ?? line.Quote.Description ?? line.SupplierPartId, session.Lang)],
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
            Total = new Money(check.Total, check.Currency),
            Tax = check.TaxExempt ? ExemptTax(erpAccount, check, session.Lang) : null,
            Items = items,
        });
    }

    /// <summary>Zero tax in the cart's currency, the exemption stated in the Description and in one sales TaxDetail
    /// (<c>exemptDetail="exempt"</c>, the cart Total as taxable amount). No TaxExemption element: it needs the exemption
    /// certificate's code, which the ERP's quote does not give.</summary>
    internal static Tax ExemptTax(string erpAccount, CartCheckResult check, string lang)
    {
        var zero = new Money(CurrencyAmounts.Round(0m, check.Currency), check.Currency);
        var statement = new Description($"Tax exempt: account {erpAccount}", lang);
        return new Tax(zero, statement)
        {
            Details = [new TaxDetail("sales", zero) { Purpose = "tax", ExemptDetail = "exempt", TaxableAmount = new Money(check.Total, check.Currency), Description = statement }],
        };
    }

    /// <summary>The message for a session the storefront ends without a cart. On create, an empty cart: a cancel. On
    /// edit and inspect an empty cart would delete the buyer's requisition lines, so it is Status 204: unchanged.</summary>
    public static CxmlEnvelope ForCancel(PunchoutSession session, string currency, string payloadId, DateTimeOffset now, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(session);
        var unchanged = session.Operation is "edit" or "inspect";
        return Envelope(
            session,
            payloadId,
            now,
            userAgent,
            new PunchOutOrderMessage { BuyerCookie = session.BuyerCookie, OperationAllowed = OperationAllowed.Edit, Total = new Money(CurrencyAmounts.Round(0m, currency), currency) },
            unchanged ? CxmlStatus.Of(CxmlStatusCodes.NoContent, "The session ended; the cart is unchanged.") : null);
    }

    private static Classification ClassificationOf(PricedCartLine line) =>
        line.CartLine.Classification is { } fromCart ? new Classification(fromCart.Domain, fromCart.Code)
        : line.Quote.Classification is { } fromErp ? new Classification(fromErp.Domain, fromErp.Code)
        : new Classification("UNSPSC", string.Empty);

    private static CxmlEnvelope Envelope(PunchoutSession session, string payloadId, DateTimeOffset now, string userAgent, PunchOutOrderMessage message, CxmlStatus? status = null)
    {
        var supplier = session.SupplierCredentials.Select(c => new Credential(c.Domain, c.Identity)).ToList();
        var buyer = session.BuyerCredentials.Select(c => new Credential(c.Domain, c.Identity)).ToList();
        return new CxmlEnvelope
        {
            PayloadId = payloadId,
            Timestamp = now,
            Lang = session.Lang,
            Header = new CxmlHeader(supplier, buyer, new CxmlSender(supplier, userAgent)),
            Body = new CxmlMessage(message, status, session.DeploymentMode),
        };
    }
}
