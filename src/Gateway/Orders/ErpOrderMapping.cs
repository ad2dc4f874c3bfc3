using Punchout.Gateway.Configuration;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Orders;

/// <summary>The ERP's view of an OrderRequest (docs/erp-contract.md): everything the buyer sent, nothing of the envelope.</summary>
/// <remarks>What the body does not carry, and why, is listed in docs/erp-contract.md; the PCard number is one of those
/// things and never leaves this method.</remarks>
internal static class ErpOrderMapping
{
    /// <summary>The body of <c>POST /orders</c> for <paramref name="request"/>, sent by <paramref name="buyer"/> as <paramref name="payloadId"/>.</summary>
    public static ErpOrder ToErpOrder(Buyer buyer, string payloadId, OrderRequest request)
    {
        var header = request.Header;
        return new ErpOrder
        {
            Buyer = buyer.Id,
            Account = buyer.ErpAccount,
            OrderId = header.OrderId,
            PayloadId = payloadId,
            Type = header.Type.ToString().ToLowerInvariant(),
            OrderVersion = header.OrderVersion,
            OrderType = header.OrderType switch
            {
                OrderType.StockTransport => "stockTransport",
                OrderType.StockTransportRelease => "stockTransportRelease",
                var other => other.ToString().ToLowerInvariant(),
            },
            OrderDate = header.OrderDate,
            Currency = header.Total.Currency,
            Total = header.Total.Amount,
            ShipTo = ToErpAddress(header.ShipTo),
            BillTo = ToErpAddress(header.BillTo),
            AgreementId = header.AgreementId,
            Comments = header.Comments.Count > 0 ? string.Join("\n", header.Comments.Select(c => c.Text)) : null,
            Extrinsics = ToDictionary(header.Extrinsics),
            Lines = [.. request.Items.Select(ToErpOrderLine)],
            RequisitionId = header.RequisitionId,
            ShipComplete = header.ShipComplete,
            RequestedDeliveryDate = header.RequestedDeliveryDate,
            EffectiveDate = header.EffectiveDate,
            ExpirationDate = header.ExpirationDate,
            ReleaseRequired = header.ReleaseRequired,
            ParentAgreementId = header.ParentAgreementId,
            AgreementPayloadId = header.AgreementPayloadId,
            Shipping = ToErpShipping(header.Shipping),
            Tax = ToErpTax(header.Tax),
            PCard = ToErpPCard(header.Payment),
            Contacts = [.. header.Contacts.Select(ToErpContact)],
            CommentList = [.. header.Comments.Select(ToErpComment)],
            DocumentReference = header.DocumentReference is { } reference ? new ErpDocumentReference(reference.PayloadId) : null,
            SupplierOrderInfo = header.SupplierOrderInfo is { } info ? new ErpSupplierOrderInfo(info.OrderId, info.OrderDate) : null,
        };
    }

    private static ErpOrderLine ToErpOrderLine(OrderItemOut item) => new()
    {
        LineNumber = item.LineNumber,
        SupplierPartId = item.ItemId.SupplierPartId,
        SupplierPartAuxiliaryId = item.ItemId.SupplierPartAuxiliaryId,
        Quantity = item.Quantity,
        UnitOfMeasure = item.ItemDetail?.UnitOfMeasure,
        UnitPrice = item.ItemDetail?.UnitPrice.Amount,
        Description = item.ItemDetail?.Descriptions.FirstOrDefault()?.Text,
        ShipTo = ToErpAddress(item.ShipTo),
        RequestedDeliveryDate = item.RequestedDeliveryDate,
        Extrinsics = ToDictionary(item.ItemDetail?.Extrinsics ?? []),
        BuyerPartId = item.ItemId.BuyerPartId,
        Descriptions = [.. (item.ItemDetail?.Descriptions ?? []).Select(ToErpDescription)],
        PriceBasisQuantity = item.ItemDetail?.PriceBasisQuantity is { } basis
            ? new ErpPriceBasisQuantity { Quantity = basis.Quantity, ConversionFactor = basis.ConversionFactor, UnitOfMeasure = basis.UnitOfMeasure, Description = OptionalDescription(basis.Description) }
            : null,
        Classifications = [.. (item.ItemDetail?.Classifications ?? []).Select(ToErpClassification)],
        ManufacturerPartId = item.ItemDetail?.ManufacturerPartId,
        ManufacturerName = item.ItemDetail?.ManufacturerName,
        Url = item.ItemDetail?.Url,
        LeadTimeDays = item.ItemDetail?.LeadTimeDays,
        BlanketItemDetail = ToErpBlanketItemDetail(item.BlanketItemDetail),
        RequisitionId = item.RequisitionId,
        AgreementItemNumber = item.AgreementItemNumber,
        IsAdHoc = item.IsAdHoc,
        Shipping = ToErpShipping(item.Shipping),
        Tax = ToErpTax(item.Tax),
        Distributions = [.. item.Distributions.Select(d => new ErpDistribution(
            new ErpAccounting(d.Accounting.Name, [.. d.Accounting.Segments.Select(s => new ErpAccountingSegment(s.Id, s.Name, s.Description, s.Lang))]),
            ToErpMoney(d.Charge)))],
        Contacts = [.. item.Contacts.Select(ToErpContact)],
        RequestedShipmentDate = item.RequestedShipmentDate,
        CommentList = [.. item.Comments.Select(ToErpComment)],
        MasterAgreement = item.MasterAgreement switch
        {
            MasterAgreementReference reference => new ErpMasterAgreement { AgreementId = reference.AgreementId, PayloadId = reference.DocumentReference.PayloadId, AgreementDate = reference.AgreementDate, AgreementType = reference.AgreementType },
            MasterAgreementIdInfo info => new ErpMasterAgreement { AgreementId = info.AgreementId, AgreementDate = info.AgreementDate, AgreementType = info.AgreementType },
            _ => null,
        },
    };

    private static ErpBlanketItemDetail? ToErpBlanketItemDetail(BlanketItemDetail? detail) => detail is null ? null : new ErpBlanketItemDetail
    {
        Descriptions = [.. detail.Descriptions.Select(ToErpDescription)],
        MaxAmount = OptionalMoney(detail.MaxAmount),
        MinAmount = OptionalMoney(detail.MinAmount),
        MaxQuantity = detail.MaxQuantity,
        MinQuantity = detail.MinQuantity,
        UnitPrice = OptionalMoney(detail.UnitPrice),
        UnitOfMeasure = detail.UnitOfMeasure,
        Classifications = [.. detail.Classifications.Select(ToErpClassification)],
        Extrinsics = ToDictionary(detail.Extrinsics),
    };

    private static ErpAddress? ToErpAddress(Address? address) => address is null ? null : new ErpAddress
    {
        AddressId = address.AddressId,
        Name = address.Name,
        DeliverTo = address.PostalAddress?.DeliverTo ?? [],
        Street = address.PostalAddress?.Street ?? [],
        City = address.PostalAddress?.City,
        State = address.PostalAddress?.State,
        PostalCode = address.PostalAddress?.PostalCode,
        Country = address.PostalAddress?.IsoCountryCode ?? address.IsoCountryCode,
        Email = address.Email,
        AddressIdDomain = address.AddressIdDomain,
        IsoCountryCode = address.IsoCountryCode,
        NameLang = address.NameLang,
        PostalAddressName = address.PostalAddress?.Name,
        CountryName = address.PostalAddress?.Country,
        Phone = address.Phone is { } phone ? ToErpPhone(phone) : null,
    };

    private static ErpPostalAddress ToErpPostalAddress(PostalAddress postal) => new()
    {
        Name = postal.Name,
        DeliverTo = postal.DeliverTo,
        Street = postal.Street,
        City = postal.City,
        State = postal.State,
        PostalCode = postal.PostalCode,
        Country = postal.IsoCountryCode,
        CountryName = postal.Country,
    };

    private static ErpContact ToErpContact(Contact contact) => new()
    {
        Role = contact.Role,
        Name = contact.Name,
        NameLang = contact.NameLang,
        AddressId = contact.AddressId,
        AddressIdDomain = contact.AddressIdDomain,
        Emails = contact.Email is null ? contact.MoreEmails : [contact.Email, .. contact.MoreEmails],
        PostalAddresses = [.. contact.PostalAddresses.Select(ToErpPostalAddress)],
        Phones = [.. contact.Phones.Select(ToErpPhone)],
        Extrinsics = ToDictionary(contact.Extrinsics),
    };

    private static ErpPhone ToErpPhone(Phone phone) => new()
    {
        Name = phone.Name,
        CountryCode = phone.CountryCode,
        IsoCountryCode = phone.IsoCountryCode,
        AreaOrCityCode = phone.AreaOrCityCode,
        Number = phone.Number,
        Extension = phone.Extension,
    };

    private static ErpComment ToErpComment(Comment comment) => new()
    {
        Text = comment.Text,
        Lang = comment.Lang,
        Type = comment.Type,
        Attachments = comment.AttachmentUrls,
    };

    // The number stays here: the ERP, the order record and the logs get its last four digits at most (PCI DSS allows
    // them to be shown). A supplier that charges the card gets the number through its card processor, not this body.
    private static ErpPCard? ToErpPCard(PCard? card) => card is null ? null : new ErpPCard
    {
        NumberLastDigits = card.Number.Length >= 8 ? card.Number[^4..] : null,
        Expiration = card.Expiration,
        Name = card.Name,
    };

    private static ErpShipping? ToErpShipping(Shipping? shipping) => shipping is null ? null : new ErpShipping
    {
        Money = ToErpMoney(shipping.Money),
        Description = ToErpDescription(shipping.Description),
        TrackingDomain = shipping.TrackingDomain,
        TrackingId = shipping.TrackingId,
        Tracking = shipping.Tracking,
    };

    private static ErpTax? ToErpTax(Tax? tax) => tax is null ? null : new ErpTax
    {
        Money = ToErpMoney(tax.Money),
        Description = ToErpDescription(tax.Description),
        Details = [.. tax.Details.Select(d => new ErpTaxDetail
        {
            Category = d.Category,
            Purpose = d.Purpose,
            PercentageRate = d.PercentageRate,
            TaxPointDate = d.TaxPointDate,
            ExemptDetail = d.ExemptDetail,
            TaxAmount = ToErpMoney(d.TaxAmount),
            TaxableAmount = OptionalMoney(d.TaxableAmount),
            TaxLocation = OptionalDescription(d.TaxLocation),
            Description = OptionalDescription(d.Description),
        })],
    };

    private static ErpItemClassification ToErpClassification(Classification classification) =>
        new(classification.Domain, classification.Value, classification.Code);

    private static ErpMoney ToErpMoney(Money money) => new(money.Amount, money.Currency);

    private static ErpMoney? OptionalMoney(Money? money) => money is null ? null : ToErpMoney(money);

    private static ErpDescription ToErpDescription(Description description) => new(description.Text, description.Lang, description.ShortName);

    private static ErpDescription? OptionalDescription(Description? description) => description is null ? null : ToErpDescription(description);

    // A name the buyer repeats keeps its first value.
    private static Dictionary<string, string> ToDictionary(IReadOnlyList<Extrinsic> extrinsics)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var extrinsic in extrinsics)
        {
            result.TryAdd(extrinsic.Name, extrinsic.Value);
        }

        return result;
    }
}
