using System.Reflection;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>What the ERP body does with each property of the reader's OrderRequest model (and of the envelope around
/// it): carried, at the JSON paths given; flattened into its parent's JSON; or not carried, for the reason given.</summary>
/// <remarks>A path is matched against the end of a value's path in the body, at a member boundary (<c>phone.number</c>
/// matches <c>billTo.phone.number</c>); one starting with <c>^</c> only from the top. Several paths, separated by
/// <c>|</c>, must each be found. The reasons are those of docs/erp-contract.md.</remarks>
public static class ErpBodyCoverage
{
    /// <summary>The types the walk starts from.</summary>
    public static IReadOnlyList<Type> Roots { get; } = [typeof(CxmlEnvelope), typeof(CxmlRequest), typeof(OrderRequest)];

    /// <summary>Every property, as <c>DeclaringType.Property</c>.</summary>
    public static IReadOnlyDictionary<string, Field> Fields { get; } = new Dictionary<string, Field>(StringComparer.Ordinal)
    {
        ["CxmlEnvelope.PayloadId"] = Field.Carried("^payloadId"),
        ["CxmlEnvelope.Timestamp"] = Field.NotCarried("when the document was sent (transport); the order's own date is orderDate, and a resend under the same payloadID may be re-stamped"),
        ["CxmlEnvelope.Lang"] = Field.NotCarried("the document's default language; every text the DTD gives a language carries its own lang"),
        ["CxmlEnvelope.DtdVersion"] = Field.NotCarried("which cXML version the document names: how it is written, not what is ordered"),
        ["CxmlEnvelope.SignatureVersion"] = Field.NotCarried("the signature is checked by the gateway on arrival"),
        ["CxmlEnvelope.HasSignature"] = Field.NotCarried("the signature is checked by the gateway on arrival"),
        ["CxmlEnvelope.Header"] = Field.NotCarried("From, To and Sender with the SharedSecret: the gateway authenticates them; the ERP gets the buyer and its ERP account from configuration (buyer, account)"),
        ["CxmlEnvelope.Body"] = Field.NotCarried("the Request: walked as CxmlRequest"),
        ["CxmlRequest.Payload"] = Field.NotCarried("the OrderRequest: walked as OrderRequest"),
        ["CxmlRequest.DeploymentMode"] = Field.Carried("^test"),

        ["CxmlRequestPayload.DtdName"] = Field.NotCarried("the DTD that declares the request: how it is written"),
        ["OrderRequest.RequestName"] = Field.NotCarried("the request element's name, OrderRequest for every order"),
        ["OrderRequest.Header"] = Field.Flattened("the body's top level"),
        ["OrderRequest.Items"] = Field.Carried("^lines"),

        ["OrderRequestHeader.OrderId"] = Field.Carried("^orderId"),
        ["OrderRequestHeader.OrderDate"] = Field.Carried("^orderDate"),
        ["OrderRequestHeader.Type"] = Field.Carried("^type"),
        ["OrderRequestHeader.OrderType"] = Field.Carried("^orderType"),
        ["OrderRequestHeader.OrderVersion"] = Field.Carried("^orderVersion"),
        ["OrderRequestHeader.RequisitionId"] = Field.Carried("^requisitionId"),
        ["OrderRequestHeader.ShipComplete"] = Field.Carried("^shipComplete"),
        ["OrderRequestHeader.RequestedDeliveryDate"] = Field.Carried("^requestedDeliveryDate"),
        ["OrderRequestHeader.EffectiveDate"] = Field.Carried("^effectiveDate"),
        ["OrderRequestHeader.ExpirationDate"] = Field.Carried("^expirationDate"),
        ["OrderRequestHeader.ReleaseRequired"] = Field.Carried("^releaseRequired"),
        ["OrderRequestHeader.ParentAgreementId"] = Field.Carried("^parentAgreementId"),
        ["OrderRequestHeader.AgreementId"] = Field.Carried("^agreementId"),
        ["OrderRequestHeader.AgreementPayloadId"] = Field.Carried("^agreementPayloadId"),
        ["OrderRequestHeader.Total"] = Field.Carried("^total|^currency"),
        ["OrderRequestHeader.ShipTo"] = Field.Carried("^shipTo"),
        ["OrderRequestHeader.BillTo"] = Field.Carried("^billTo"),
        ["OrderRequestHeader.Shipping"] = Field.Carried("^shipping"),
        ["OrderRequestHeader.Tax"] = Field.Carried("^tax"),
        ["OrderRequestHeader.Payment"] = Field.Carried("^pCard"),
        ["OrderRequestHeader.Contacts"] = Field.Carried("^contacts"),
        ["OrderRequestHeader.Comments"] = Field.Carried("^comments|^commentList"),
        ["OrderRequestHeader.DocumentReference"] = Field.Carried("^documentReference"),
        ["OrderRequestHeader.SupplierOrderInfo"] = Field.Carried("^supplierOrderInfo"),
        ["OrderRequestHeader.Extrinsics"] = Field.Carried("^extrinsics"),

        ["PCard.Number"] = Field.Carried("^pCard.numberLastDigits"),
        ["PCard.Expiration"] = Field.Carried("^pCard.expiration"),
        ["PCard.Name"] = Field.Carried("^pCard.name"),
        ["SupplierOrderInfo.OrderId"] = Field.Carried("^supplierOrderInfo.orderId"),
        ["SupplierOrderInfo.OrderDate"] = Field.Carried("^supplierOrderInfo.orderDate"),
        ["DocumentReference.PayloadId"] = Field.Carried("^documentReference.payloadId"),

        ["OrderItemOut.LineNumber"] = Field.Carried("^lines[].lineNumber"),
        ["OrderItemOut.Quantity"] = Field.Carried("^lines[].quantity"),
        ["OrderItemOut.ItemId"] = Field.Flattened("the line"),
        ["OrderItemOut.ItemDetail"] = Field.Flattened("the line"),
        ["OrderItemOut.BlanketItemDetail"] = Field.Carried("^lines[].blanketItemDetail"),
        ["OrderItemOut.RequisitionId"] = Field.Carried("^lines[].requisitionId"),
        ["OrderItemOut.AgreementItemNumber"] = Field.Carried("^lines[].agreementItemNumber"),
        ["OrderItemOut.IsAdHoc"] = Field.Carried("^lines[].isAdHoc"),
        ["OrderItemOut.ShipTo"] = Field.Carried("^lines[].shipTo"),
        ["OrderItemOut.Shipping"] = Field.Carried("^lines[].shipping"),
        ["OrderItemOut.Tax"] = Field.Carried("^lines[].tax"),
        ["OrderItemOut.Distributions"] = Field.Carried("^lines[].distributions"),
        ["OrderItemOut.Contacts"] = Field.Carried("^lines[].contacts"),
        ["OrderItemOut.RequestedDeliveryDate"] = Field.Carried("^lines[].requestedDeliveryDate"),
        ["OrderItemOut.RequestedShipmentDate"] = Field.Carried("^lines[].requestedShipmentDate"),
        ["OrderItemOut.Comments"] = Field.Carried("^lines[].commentList"),
        ["OrderItemOut.MasterAgreement"] = Field.Carried("^lines[].masterAgreement"),

        ["ItemId.SupplierPartId"] = Field.Carried("^lines[].supplierPartId"),
        ["ItemId.SupplierPartAuxiliaryId"] = Field.Carried("^lines[].supplierPartAuxiliaryId"),
        ["ItemId.BuyerPartId"] = Field.Carried("^lines[].buyerPartId"),

        // The unit price's currency is the order's: rule line-currency refuses any other, and the test checks it.
        ["ItemDetail.UnitPrice"] = Field.Carried("^lines[].unitPrice"),
        ["ItemDetail.Descriptions"] = Field.Carried("^lines[].description|^lines[].descriptions"),
        ["ItemDetail.UnitOfMeasure"] = Field.Carried("^lines[].unitOfMeasure"),
        ["ItemDetail.PriceBasisQuantity"] = Field.Carried("^lines[].priceBasisQuantity"),
        ["ItemDetail.Classifications"] = Field.Carried("^lines[].classifications"),
        ["ItemDetail.ManufacturerPartId"] = Field.Carried("^lines[].manufacturerPartId"),
        ["ItemDetail.ManufacturerName"] = Field.Carried("^lines[].manufacturerName"),
        ["ItemDetail.Url"] = Field.Carried("^lines[].url"),
        ["ItemDetail.LeadTimeDays"] = Field.Carried("^lines[].leadTimeDays"),
        ["ItemDetail.Extrinsics"] = Field.Carried("^lines[].extrinsics"),

        ["PriceBasisQuantity.Quantity"] = Field.Carried("priceBasisQuantity.quantity"),
        ["PriceBasisQuantity.ConversionFactor"] = Field.Carried("priceBasisQuantity.conversionFactor"),
        ["PriceBasisQuantity.UnitOfMeasure"] = Field.Carried("priceBasisQuantity.unitOfMeasure"),
        ["PriceBasisQuantity.Description"] = Field.Carried("priceBasisQuantity.description"),

        ["BlanketItemDetail.Descriptions"] = Field.Carried("blanketItemDetail.descriptions"),
        ["BlanketItemDetail.MaxAmount"] = Field.Carried("blanketItemDetail.maxAmount"),
        ["BlanketItemDetail.MinAmount"] = Field.Carried("blanketItemDetail.minAmount"),
        ["BlanketItemDetail.MaxQuantity"] = Field.Carried("blanketItemDetail.maxQuantity"),
        ["BlanketItemDetail.MinQuantity"] = Field.Carried("blanketItemDetail.minQuantity"),
        ["BlanketItemDetail.UnitPrice"] = Field.Carried("blanketItemDetail.unitPrice"),
        ["BlanketItemDetail.UnitOfMeasure"] = Field.Carried("blanketItemDetail.unitOfMeasure"),
        ["BlanketItemDetail.Classifications"] = Field.Carried("blanketItemDetail.classifications"),
        ["BlanketItemDetail.Extrinsics"] = Field.Carried("blanketItemDetail.extrinsics"),

        ["MasterAgreement.AgreementDate"] = Field.Carried("masterAgreement.agreementDate"),
        ["MasterAgreement.AgreementType"] = Field.Carried("masterAgreement.agreementType"),
        ["MasterAgreementReference.DocumentReference"] = Field.Carried("masterAgreement.payloadId"),
        ["MasterAgreementReference.AgreementId"] = Field.Carried("masterAgreement.agreementId"),
        ["MasterAgreementIdInfo.AgreementId"] = Field.Carried("masterAgreement.agreementId"),

        ["Address.AddressId"] = Field.Carried("billTo.addressId"),
        ["Address.AddressIdDomain"] = Field.Carried("billTo.addressIdDomain"),
        ["Address.IsoCountryCode"] = Field.Carried("billTo.isoCountryCode"),
        ["Address.Name"] = Field.Carried("billTo.name"),
        ["Address.NameLang"] = Field.Carried("billTo.nameLang"),
        ["Address.PostalAddress"] = Field.Flattened("the address (for a contact: postalAddresses)"),
        ["Address.Email"] = Field.Carried("billTo.email"),
        ["Address.Phone"] = Field.Carried("billTo.phone"),

        ["PostalAddress.Name"] = Field.Carried("shipTo.postalAddressName|postalAddresses[].name"),
        ["PostalAddress.DeliverTo"] = Field.Carried("shipTo.deliverTo|postalAddresses[].deliverTo"),
        ["PostalAddress.Street"] = Field.Carried("shipTo.street|postalAddresses[].street"),
        ["PostalAddress.City"] = Field.Carried("shipTo.city|postalAddresses[].city"),
        ["PostalAddress.State"] = Field.Carried("shipTo.state|postalAddresses[].state"),
        ["PostalAddress.PostalCode"] = Field.Carried("shipTo.postalCode|postalAddresses[].postalCode"),
        ["PostalAddress.IsoCountryCode"] = Field.Carried("shipTo.country|postalAddresses[].country"),
        ["PostalAddress.Country"] = Field.Carried("shipTo.countryName|postalAddresses[].countryName"),

        ["Phone.CountryCode"] = Field.Carried("phone.countryCode|phones[].countryCode"),
        ["Phone.IsoCountryCode"] = Field.Carried("phone.isoCountryCode|phones[].isoCountryCode"),
        ["Phone.AreaOrCityCode"] = Field.Carried("phone.areaOrCityCode|phones[].areaOrCityCode"),
        ["Phone.Number"] = Field.Carried("phone.number|phones[].number"),
        ["Phone.Name"] = Field.Carried("phone.name|phones[].name"),
        ["Phone.Extension"] = Field.Carried("phone.extension"),

        ["Contact.Name"] = Field.Carried("contacts[].name"),
        ["Contact.Role"] = Field.Carried("contacts[].role"),
        ["Contact.Email"] = Field.Carried("contacts[].emails"),
        ["Contact.NameLang"] = Field.Carried("contacts[].nameLang"),
        ["Contact.AddressId"] = Field.Carried("contacts[].addressId"),
        ["Contact.AddressIdDomain"] = Field.Carried("contacts[].addressIdDomain"),
        ["Contact.PostalAddresses"] = Field.Carried("contacts[].postalAddresses"),
        ["Contact.MoreEmails"] = Field.Carried("contacts[].emails"),
        ["Contact.Phones"] = Field.Carried("contacts[].phones"),
        ["Contact.Extrinsics"] = Field.Carried("contacts[].extrinsics"),

        ["Comment.Text"] = Field.Carried("commentList[].text"),
        ["Comment.Lang"] = Field.Carried("commentList[].lang"),
        ["Comment.Type"] = Field.Carried("commentList[].type"),
        ["Comment.AttachmentUrls"] = Field.Carried("commentList[].attachments"),

        ["Shipping.Money"] = Field.Carried("shipping.money"),
        ["Shipping.Description"] = Field.Carried("shipping.description"),
        ["Shipping.TrackingDomain"] = Field.Carried("shipping.trackingDomain"),
        ["Shipping.TrackingId"] = Field.Carried("shipping.trackingId"),
        ["Shipping.Tracking"] = Field.Carried("shipping.tracking"),

        ["Tax.Money"] = Field.Carried("tax.money"),
        ["Tax.Description"] = Field.Carried("tax.description"),
        ["Tax.Details"] = Field.Carried("tax.details"),
        ["TaxDetail.Category"] = Field.Carried("details[].category"),
        ["TaxDetail.TaxAmount"] = Field.Carried("details[].taxAmount"),
        ["TaxDetail.Purpose"] = Field.Carried("details[].purpose"),
        ["TaxDetail.PercentageRate"] = Field.Carried("details[].percentageRate"),
        ["TaxDetail.TaxPointDate"] = Field.Carried("details[].taxPointDate"),
        ["TaxDetail.ExemptDetail"] = Field.Carried("details[].exemptDetail"),
        ["TaxDetail.TaxableAmount"] = Field.Carried("details[].taxableAmount"),
        ["TaxDetail.TaxLocation"] = Field.Carried("details[].taxLocation"),
        ["TaxDetail.Description"] = Field.Carried("details[].description"),

        ["Distribution.Accounting"] = Field.Carried("distributions[].accounting"),
        ["Distribution.Charge"] = Field.Carried("distributions[].charge"),
        ["Accounting.Name"] = Field.Carried("accounting.name"),
        ["Accounting.Segments"] = Field.Carried("accounting.segments"),
        ["Accounting.LegacySegments"] = Field.NotCarried("whether the buyer wrote Coupa's Segment or AccountingSegment: the same segments either way (id, name, description)"),
        ["AccountingSegment.Id"] = Field.Carried("segments[].id"),
        ["AccountingSegment.Name"] = Field.Carried("segments[].name"),
        ["AccountingSegment.Description"] = Field.Carried("segments[].description"),
        ["AccountingSegment.Lang"] = Field.Carried("segments[].lang"),

        ["Money.Amount"] = Field.Carried("money.amount|charge.amount"),
        ["Money.Currency"] = Field.Carried("money.currency|charge.currency"),
        ["Description.Text"] = Field.Carried("descriptions[].text"),
        ["Description.Lang"] = Field.Carried("descriptions[].lang"),
        ["Description.ShortName"] = Field.Carried("descriptions[].shortName"),
        ["Classification.Domain"] = Field.Carried("classifications[].domain"),
        ["Classification.Value"] = Field.Carried("classifications[].value"),
        ["Classification.Code"] = Field.Carried("classifications[].code"),
        ["Extrinsic.Name"] = Field.Carried("extrinsics"),
        ["Extrinsic.Value"] = Field.Carried("extrinsics"),
    };

    /// <summary>Every public property reachable from <see cref="Roots"/> through carried or flattened properties, as
    /// <c>DeclaringType.Property</c>: a list's items and an abstract type's subtypes (in its assembly) included.</summary>
    public static IReadOnlyList<string> ModelProperties()
    {
        var seen = new HashSet<Type>();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Type>(Roots);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var key = $"{property.DeclaringType!.Name}.{property.Name}";
                found.Add(key);
                if (Fields.TryGetValue(key, out var field) && field.Descends)
                {
                    foreach (var inner in ModelTypes(property.PropertyType))
                    {
                        pending.Enqueue(inner);
                    }
                }
            }
        }

        return [.. found];
    }

    // The model types a property's value can be: itself, a list's item type, and the concrete subtypes of an abstract one.
    private static IEnumerable<Type> ModelTypes(Type type)
    {
        var item = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : type;
        if (item.Assembly != typeof(CxmlEnvelope).Assembly || item.IsEnum)
        {
            yield break;
        }

        yield return item;
        foreach (var subtype in item.Assembly.GetTypes().Where(t => t.IsSubclassOf(item) && !t.IsAbstract))
        {
            yield return subtype;
        }
    }
}

/// <summary>What the ERP body does with one model property.</summary>
/// <param name="Paths">Where it is carried, <c>|</c>-separated; null when it is not carried.</param>
/// <param name="Reason">Why it is flattened or not carried.</param>
/// <param name="Descends">Whether its own properties are walked.</param>
public sealed record Field(string? Paths, string? Reason, bool Descends)
{
    /// <summary>Carried at <paramref name="paths"/>.</summary>
    public static Field Carried(string paths) => new(paths, null, true);

    /// <summary>Its properties are carried in its parent's JSON.</summary>
    public static Field Flattened(string where) => new(null, "flattened into " + where, true);

    /// <summary>Deliberately not carried.</summary>
    public static Field NotCarried(string reason) => new(null, reason, false);

    /// <summary>Whether <paramref name="pattern"/>, one of a <see cref="Paths"/>'s, matches <paramref name="path"/>
    /// (normalised, <c>lines[].tax</c>): at the path's end, on a member boundary; from its start when it begins with <c>^</c>.</summary>
    public static bool Matches(string pattern, string path)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(path);
        return pattern.StartsWith('^') ? path == pattern[1..] : path == pattern || path.EndsWith("." + pattern, StringComparison.Ordinal);
    }
}
