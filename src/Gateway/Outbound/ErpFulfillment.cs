using Punchout.Gateway.Orders;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Fulfill;

namespace Punchout.Gateway.Outbound;

/// <summary>What the ERP posts to <c>POST /api/v1/orders/{id}/confirmations</c> (docs/order-status.md).</summary>
public sealed record ErpConfirmation
{
    /// <summary>The ERP's id of the confirmation, sent as confirmID; a resend with the same id and body is the same confirmation.</summary>
    public string? ConfirmId { get; init; }

    /// <summary>accept, reject, backordered, except or detail.</summary>
    public string? Type { get; init; }

    /// <summary>When the ERP issued it; now when absent.</summary>
    public DateTimeOffset? NoticeDate { get; init; }

    /// <summary>A comment for the buyer, such as the reason for a reject.</summary>
    public string? Comments { get; init; }

    /// <summary>The lines confirmed (for except and detail; optional for accept; none for reject and backordered).</summary>
    public IReadOnlyList<ErpConfirmationLine>? Lines { get; init; }
}

/// <summary>A confirmed line: its line number on the order and the states its quantity is in.</summary>
public sealed record ErpConfirmationLine
{
    /// <summary>The order's line number.</summary>
    public int? LineNumber { get; init; }

    /// <summary>The states of the line; their quantities add up to the quantity ordered.</summary>
    public IReadOnlyList<ErpConfirmationStatus>? Statuses { get; init; }
}

/// <summary>How many units of a line are in one state, and when they ship and arrive.</summary>
public sealed record ErpConfirmationStatus
{
    /// <summary>accept, detail, backordered or reject.</summary>
    public string? Type { get; init; }

    /// <summary>How many units, in the order line's unit.</summary>
    public decimal? Quantity { get; init; }

    /// <summary>When these units ship.</summary>
    public DateTimeOffset? ShipmentDate { get; init; }

    /// <summary>When these units arrive.</summary>
    public DateTimeOffset? DeliveryDate { get; init; }

    /// <summary>A changed unit price, in the order's currency (with type detail).</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary>A comment on these units.</summary>
    public string? Comments { get; init; }
}

/// <summary>What the ERP posts to <c>POST /api/v1/orders/{id}/shipments</c> (docs/order-status.md).</summary>
public sealed record ErpShipment
{
    /// <summary>The ERP's id of the shipment, sent as shipmentID; the gateway's document id when absent. A resend with
    /// the same id and body is the same shipment.</summary>
    public string? ShipmentId { get; init; }

    /// <summary>partial (more shipments follow) or complete.</summary>
    public string? FulfillmentType { get; init; }

    /// <summary>When the goods shipped.</summary>
    public DateTimeOffset? ShipmentDate { get; init; }

    /// <summary>When the goods are expected.</summary>
    public DateTimeOffset? DeliveryDate { get; init; }

    /// <summary>When the ERP issued the notice; now when absent.</summary>
    public DateTimeOffset? NoticeDate { get; init; }

    /// <summary>The carrier.</summary>
    public ErpCarrier? Carrier { get; init; }

    /// <summary>The carrier's tracking numbers.</summary>
    public IReadOnlyList<string>? TrackingNumbers { get; init; }

    /// <summary>The carrier's level of service, such as Ground or Overnight.</summary>
    public string? ServiceLevel { get; init; }

    /// <summary>A comment for the buyer.</summary>
    public string? Comments { get; init; }

    /// <summary>The lines shipped, each with its quantity.</summary>
    public IReadOnlyList<ErpShipmentLine>? Lines { get; init; }
}

/// <summary>A carrier, by SCAC code, name, or both.</summary>
public sealed record ErpCarrier
{
    /// <summary>The Standard Carrier Alpha Code, such as UPSN.</summary>
    public string? Scac { get; init; }

    /// <summary>The carrier's name.</summary>
    public string? Name { get; init; }
}

/// <summary>A line shipped.</summary>
public sealed record ErpShipmentLine
{
    /// <summary>The order's line number.</summary>
    public int? LineNumber { get; init; }

    /// <summary>How many units shipped, in the order line's unit.</summary>
    public decimal? Quantity { get; init; }
}

/// <summary>Turns what the ERP posts into the cXML document for the buyer, or lists what cannot be read in it.</summary>
/// <remarks>Only the shape is judged here (a field missing, a type misspelt); the rules against the order are
/// <see cref="FulfillmentRules"/>. Quantities and units of confirmed lines come from the order, as cXML wants them.</remarks>
public static class ErpFulfillment
{
    private const int MaxIdLength = 100;
    private const string Lang = "en";

    private static readonly Dictionary<string, ConfirmationType> ConfirmationTypes = Names(ConfirmationType.Accept, ConfirmationType.Reject, ConfirmationType.Backordered, ConfirmationType.Except, ConfirmationType.Detail);
    private static readonly Dictionary<string, ConfirmationStatusType> StatusTypes = Names(ConfirmationStatusType.Accept, ConfirmationStatusType.Detail, ConfirmationStatusType.Backordered, ConfirmationStatusType.Reject);
    private static readonly Dictionary<string, FulfillmentType> FulfillmentTypes = Names(FulfillmentType.Partial, FulfillmentType.Complete);

    /// <summary>The ConfirmationRequest for <paramref name="order"/>, or every field that cannot be read.</summary>
    public static (ConfirmationRequest? Confirmation, IReadOnlyList<FulfillmentProblem> Problems) ToConfirmation(ErpConfirmation posted, OrderRecord order, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(posted);
        ArgumentNullException.ThrowIfNull(order);
        var problems = new List<FulfillmentProblem>();
        CheckId("confirmId", posted.ConfirmId, problems);
        var type = Parse(posted.Type, ConfirmationTypes, "type", "invalid-type", null, problems);
        var lines = posted.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var at = $"lines[{i}]";
            Require(line.LineNumber, $"{at}.lineNumber", null, problems);
            if (line.Statuses is not { Count: > 0 } statuses)
            {
                problems.Add(new("statuses-required", $"{at}: give at least one status (accept, detail, backordered, reject) with its quantity.", line.LineNumber));
                continue;
            }

            for (var j = 0; j < statuses.Count; j++)
            {
                Parse(statuses[j].Type, StatusTypes, $"{at}.statuses[{j}].type", "invalid-status-type", line.LineNumber, problems);
                Require(statuses[j].Quantity, $"{at}.statuses[{j}].quantity", line.LineNumber, problems);
            }
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var confirmation = new ConfirmationRequest
        {
            Header = new ConfirmationHeader { Type = type!.Value, NoticeDate = posted.NoticeDate ?? now, ConfirmId = posted.ConfirmId, Comments = Comments(posted.Comments) },
            OrderReference = ReferenceTo(order),
            Items = [.. lines.Select(line =>
            {
                var ordered = order.Erp.Lines.FirstOrDefault(l => l.LineNumber == line.LineNumber);
                var unit = ordered?.UnitOfMeasure ?? string.Empty;
                return new ConfirmationItem
                {
                    Quantity = ordered?.Quantity ?? 0m,
                    LineNumber = line.LineNumber!.Value,
                    UnitOfMeasure = unit,
                    Statuses = [.. line.Statuses!.Select(status => new ConfirmationStatus
                    {
                        Quantity = status.Quantity!.Value,
                        Type = StatusTypes[status.Type!],
                        ShipmentDate = status.ShipmentDate,
                        DeliveryDate = status.DeliveryDate,
                        UnitOfMeasure = unit,
                        UnitPrice = status.UnitPrice is { } price ? new Money(price, order.Erp.Currency) : null,
                        Comments = Comments(status.Comments),
                    })],
                };
            })],
        };
        return (confirmation, []);
    }

    /// <summary>The ShipNoticeRequest for <paramref name="order"/> (shipmentID <paramref name="defaultShipmentId"/>
    /// unless the ERP gave one), or every field that cannot be read.</summary>
    public static (ShipNoticeRequest? Notice, IReadOnlyList<FulfillmentProblem> Problems) ToShipNotice(ErpShipment posted, OrderRecord order, string defaultShipmentId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(posted);
        ArgumentNullException.ThrowIfNull(order);
        var problems = new List<FulfillmentProblem>();
        CheckId("shipmentId", posted.ShipmentId, problems);
        var fulfillment = posted.FulfillmentType is null ? null : Parse(posted.FulfillmentType, FulfillmentTypes, "fulfillmentType", "invalid-field", null, problems);
        var lines = posted.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            Require(lines[i].LineNumber, $"lines[{i}].lineNumber", null, problems);
            Require(lines[i].Quantity, $"lines[{i}].quantity", lines[i].LineNumber, problems);
        }

        var tracking = (posted.TrackingNumbers ?? []).ToList();
        if (tracking.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add(new("invalid-field", "trackingNumbers: a tracking number must not be empty."));
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var carriers = new List<CarrierIdentifier>();
        if (!string.IsNullOrWhiteSpace(posted.Carrier?.Scac))
        {
            carriers.Add(new CarrierIdentifier("SCAC", posted.Carrier.Scac.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(posted.Carrier?.Name))
        {
            carriers.Add(new CarrierIdentifier("companyName", posted.Carrier.Name.Trim()));
        }

        var notice = new ShipNoticeRequest
        {
            Header = new ShipNoticeHeader
            {
                ShipmentId = posted.ShipmentId ?? defaultShipmentId,
                NoticeDate = posted.NoticeDate ?? now,
                ShipmentDate = posted.ShipmentDate,
                DeliveryDate = posted.DeliveryDate,
                ShipmentType = ShipmentType.Actual,
                FulfillmentType = fulfillment,
                ServiceLevels = string.IsNullOrWhiteSpace(posted.ServiceLevel) ? [] : [new ServiceLevel(posted.ServiceLevel.Trim(), Lang)],
                Comments = Comments(posted.Comments),
            },
            Controls = carriers.Count == 0 && tracking.Count == 0 ? [] : [new ShipControl { Carriers = carriers, ShipmentIdentifiers = [.. tracking.Select(t => new ShipmentIdentifier(t.Trim()))] }],
            Portions =
            [
                new ShipNoticePortion
                {
                    OrderReference = ReferenceTo(order),
                    Items = [.. lines.Select(line => new ShipNoticeItem
                    {
                        Quantity = line.Quantity!.Value,
                        LineNumber = line.LineNumber!.Value,
                        UnitOfMeasure = order.Erp.Lines.FirstOrDefault(l => l.LineNumber == line.LineNumber)?.UnitOfMeasure ?? string.Empty,
                    })],
                },
            ],
        };
        return (notice, []);
    }

    /// <summary>The OrderReference of <paramref name="order"/>: its orderID, orderDate and the OrderRequest's payloadID.</summary>
    public static OrderReference ReferenceTo(OrderRecord order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderReference(new DocumentReference(order.PayloadId)) { OrderId = order.OrderId, OrderDate = order.Erp.OrderDate };
    }

    // The values the ERP may post, by their names in cXML (accept, backordered, ...).
    private static Dictionary<string, TEnum> Names<TEnum>(params TEnum[] values)
        where TEnum : struct, Enum => values.ToDictionary(v => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(v.ToString()), StringComparer.Ordinal);

    private static IReadOnlyList<Comment> Comments(string? text) => string.IsNullOrWhiteSpace(text) ? [] : [new Comment(text.Trim(), Lang)];

    private static void CheckId(string field, string? id, List<FulfillmentProblem> problems)
    {
        if (id is not null && (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || id != id.Trim()))
        {
            problems.Add(new("invalid-field", $"{field}: when given, 1 to {MaxIdLength} characters without surrounding white space."));
        }
    }

    private static T? Parse<T>(string? value, Dictionary<string, T> names, string field, string code, int? line, List<FulfillmentProblem> problems)
        where T : struct
    {
        if (value is not null && names.TryGetValue(value, out var parsed))
        {
            return parsed;
        }

        problems.Add(new(value is null ? "missing-field" : code, value is null ? $"{field}: required, one of {string.Join(", ", names.Keys)}." : $"{field}: '{value}' is not one of {string.Join(", ", names.Keys)}.", line));
        return null;
    }

    private static void Require<T>(T? value, string field, int? line, List<FulfillmentProblem> problems)
        where T : struct
    {
        if (value is null)
        {
            problems.Add(new("missing-field", $"{field}: required.", line));
        }
    }
}
