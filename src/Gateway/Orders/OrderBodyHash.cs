using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Punchout.Gateway.Redis;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Orders;

/// <summary>The hash a resent OrderRequest is compared by: that of the ERP body the document makes, so that a resend
/// is a duplicate exactly when the ERP would receive the same order, and a conflict otherwise.</summary>
/// <remarks>The ERP account is left out: it comes from configuration, not from the buyer. Idempotency records written
/// before the body carried every field of the document hold the hash of the body as it was then
/// (<see cref="BeforeEveryField"/>), so a document accepted then and resent now is still recognised.</remarks>
internal static class OrderBodyHash
{
    // Hashed in front of the body, so no hash of today's body can equal one of the body as it was before.
    private static readonly byte[] Version = "punchout:erp-order:2\n"u8.ToArray();

    // The members the body had before it carried every field of the document (issue 6 item 5), per type, in order.
    private static readonly Dictionary<Type, HashSet<string>> EarlierMembers = new()
    {
        [typeof(ErpOrder)] = ["buyer", "account", "orderId", "payloadId", "type", "orderVersion", "orderType", "orderDate", "currency", "total", "shipTo", "billTo", "agreementId", "comments", "extrinsics", "lines", "test", "flags", "changeOf"],
        [typeof(ErpOrderLine)] = ["lineNumber", "supplierPartId", "supplierPartAuxiliaryId", "quantity", "unitOfMeasure", "unitPrice", "description", "shipTo", "requestedDeliveryDate", "extrinsics"],
        [typeof(ErpAddress)] = ["addressId", "name", "deliverTo", "street", "city", "state", "postalCode", "country", "email"],
    };

    private static readonly JsonSerializerOptions EarlierOptions = CreateEarlierOptions();

    /// <summary>The hash of <paramref name="order"/>'s body.</summary>
    public static string Of(ErpOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Hash(order with { Account = string.Empty });
    }

    /// <summary>The hash of <paramref name="order"/>'s body without its payloadID: the content a resend under a new
    /// payloadID (the same business key) is compared by.</summary>
    public static string ContentOf(ErpOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Hash(order with { Account = string.Empty, PayloadId = string.Empty });
    }

    /// <summary>The hash the gateway computed for <paramref name="order"/> before its body carried every field of the
    /// document: the same JSON without the members added since, and without the agreementId it then left empty.</summary>
    public static string BeforeEveryField(ErpOrder order) => OrderHashes.Of(BodyBeforeEveryField(order));

    /// <summary>The JSON <see cref="BeforeEveryField"/> hashes.</summary>
    internal static byte[] BodyBeforeEveryField(ErpOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return JsonSerializer.SerializeToUtf8Bytes(order with { Account = string.Empty, AgreementId = null }, EarlierOptions);
    }

    private static string Hash(ErpOrder order) => OrderHashes.Of([.. Version, .. JsonSerializer.SerializeToUtf8Bytes(order, GatewayJson.Options)]);

    private static JsonSerializerOptions CreateEarlierOptions()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (EarlierMembers.TryGetValue(info.Type, out var earlier))
            {
                foreach (var property in info.Properties.Where(p => !earlier.Contains(p.Name)).ToList())
                {
                    info.Properties.Remove(property);
                }
            }
        });
        var options = new JsonSerializerOptions(GatewayJson.Options) { TypeInfoResolver = resolver };
        options.MakeReadOnly();
        return options;
    }
}
