using System.Globalization;
using Punchout.Gateway.Orders;
using Punchout.Protocols.Cxml.Fulfill;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Outbound;

/// <summary>One reason a confirmation or shipment cannot go to the buyer: a machine-readable code, a message for
/// people, and the order line it concerns.</summary>
public sealed record FulfillmentProblem(string Code, string Message, int? Line = null)
{
    /// <summary>The problem as <c>code: message</c>, the form cXML Status texts use.</summary>
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>Checks a ConfirmationRequest or ShipNoticeRequest against the order it is about, reporting every problem
/// at once, whether the ERP posted it as JSON or the supplier's own systems as cXML.</summary>
/// <remarks>What is checked is what the buyer's system would otherwise refuse or misread (PROTOCOLS.md §6): lines that
/// are on the order, each once; positive quantities; the statuses of a confirmed line adding up to its quantity; no
/// more shipped of a line, over all the order's ship notices, than was ordered. Not checked: that a line is confirmed
/// in one confirmation only, or that an accept or reject comes once per order.</remarks>
public static class FulfillmentRules
{
    private static readonly ConfirmationType[] SentTypes = [ConfirmationType.Accept, ConfirmationType.Reject, ConfirmationType.Backordered, ConfirmationType.Except, ConfirmationType.Detail];
    private static readonly ConfirmationStatusType[] SentStatusTypes = [ConfirmationStatusType.Accept, ConfirmationStatusType.Detail, ConfirmationStatusType.Backordered, ConfirmationStatusType.Reject, ConfirmationStatusType.Unknown];

    /// <summary>Every problem of <paramref name="confirmation"/> for <paramref name="order"/>; empty when it may be sent.</summary>
    public static IReadOnlyList<FulfillmentProblem> Check(ConfirmationRequest confirmation, OrderRecord order)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        ArgumentNullException.ThrowIfNull(order);
        var problems = new List<FulfillmentProblem>();
        var type = confirmation.Header.Type;
        var items = confirmation.Items;
        if (!SentTypes.Contains(type))
        {
            problems.Add(new("invalid-type", $"A confirmation of type {Name(type)} is not sent by this gateway; the type is accept, reject, backordered, except or detail."));
        }
        else if (type is ConfirmationType.Reject or ConfirmationType.Backordered && items.Count > 0)
        {
            problems.Add(new("lines-not-allowed", $"A {Name(type)} confirmation is about the whole order and lists no lines; to {Name(type)} some lines only, send type except or detail."));
        }
        else if (type is ConfirmationType.Except or ConfirmationType.Detail && items.Count == 0)
        {
            problems.Add(new("lines-required", $"A {Name(type)} confirmation lists the lines it is about; it has none."));
        }

        var ordered = OrderLines(order);
        var seen = new HashSet<int>();
        foreach (var item in items)
        {
            var line = item.LineNumber;
            if (OrderLine(line, seen, ordered, order, problems) is not { } orderLine)
            {
                continue;
            }

            if (item.Quantity != orderLine.Quantity)
            {
                problems.Add(new("quantity-mismatch", $"Line {line}: the confirmation states quantity {Number(item.Quantity)}, the order {Number(orderLine.Quantity)}.", line));
            }

            CheckUnit(item.UnitOfMeasure, orderLine, problems);
            if (item.Statuses.Count == 0)
            {
                problems.Add(new("statuses-required", $"Line {line}: give at least one status (accept, detail, backordered, reject) with its quantity.", line));
                continue;
            }

            foreach (var status in item.Statuses)
            {
                if (status.Quantity <= 0)
                {
                    problems.Add(new("invalid-quantity", $"Line {line}: a status quantity must be positive, not {Number(status.Quantity)}.", line));
                }

                if (!SentStatusTypes.Contains(status.Type))
                {
                    problems.Add(new("invalid-status-type", $"Line {line}: a status of type {Name(status.Type)} is not sent by this gateway; use accept, detail, backordered or reject.", line));
                }
                else if (type == ConfirmationType.Accept && status.Type != ConfirmationStatusType.Accept)
                {
                    problems.Add(new("status-not-allowed", $"Line {line}: an accept confirmation accepts every line as ordered, so its statuses are accept, not {Name(status.Type)}; send type except or detail instead.", line));
                }

                if (status.ShipmentDate is { } shipped && status.DeliveryDate is { } delivered && delivered < shipped)
                {
                    problems.Add(new("delivery-before-shipment", $"Line {line}: the deliveryDate {delivered:O} is before the shipmentDate {shipped:O}.", line));
                }
            }

            var sum = item.Statuses.Sum(s => s.Quantity);
            if (item.Statuses.All(s => s.Quantity > 0) && sum != orderLine.Quantity)
            {
                problems.Add(new("status-quantities", $"Line {line}: the statuses' quantities add up to {Number(sum)}; they must add up to the {Number(orderLine.Quantity)} ordered.", line));
            }
        }

        return problems;
    }

    /// <summary>Every problem of <paramref name="notice"/> for <paramref name="order"/>, given the order's documents
    /// posted before (<paramref name="earlier"/>: what they shipped counts towards each line's quantity); empty when it may be sent.</summary>
    public static IReadOnlyList<FulfillmentProblem> Check(ShipNoticeRequest notice, OrderRecord order, IReadOnlyList<OutboundDocument> earlier)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(earlier);
        var problems = new List<FulfillmentProblem>();
        var header = notice.Header;
        var deleting = header.Operation == ShipNoticeOperation.Delete;
        if (notice.Portions.Count != 1)
        {
            problems.Add(new("one-order-per-notice", $"A ship notice through this gateway is about one order, in one ShipNoticePortion; this one has {notice.Portions.Count}."));
        }

        if (!deleting && (header.ShipmentDate is null || header.DeliveryDate is null))
        {
            problems.Add(new("dates-required", "A ship notice states its shipmentDate and its (expected) deliveryDate."));
        }
        else if (header.ShipmentDate is { } shipped && header.DeliveryDate is { } delivered && delivered < shipped)
        {
            problems.Add(new("delivery-before-shipment", $"The deliveryDate {delivered:O} is before the shipmentDate {shipped:O}."));
        }

        if (notice.Controls.Any(c => c.Carriers.Count == 0 || c.ShipmentIdentifiers.Count == 0))
        {
            problems.Add(new("carrier-and-tracking", "A carrier goes with at least one tracking number, and a tracking number with its carrier (SCAC or name)."));
        }

        var items = notice.Portions.FirstOrDefault()?.Items ?? [];
        if (!deleting && items.Count == 0)
        {
            problems.Add(new("lines-required", "A ship notice lists the lines shipped, each with its quantity; it has none."));
        }

        var ordered = OrderLines(order);
        var before = ShippedBefore(earlier, header.ShipmentId);
        var seen = new HashSet<int>();
        foreach (var item in items)
        {
            var line = item.LineNumber;
            if (OrderLine(line, seen, ordered, order, problems) is not { } orderLine)
            {
                continue;
            }

            CheckUnit(item.UnitOfMeasure, orderLine, problems);
            if (item.Quantity <= 0)
            {
                problems.Add(new("invalid-quantity", $"Line {line}: the quantity shipped must be positive, not {Number(item.Quantity)}.", line));
                continue;
            }

            var shippedBefore = before.GetValueOrDefault(line);
            if (shippedBefore + item.Quantity > orderLine.Quantity)
            {
                problems.Add(new("quantity-exceeds-order", shippedBefore == 0
                    ? $"Line {line}: {Number(item.Quantity)} shipped is more than the {Number(orderLine.Quantity)} ordered."
                    : $"Line {line}: {Number(item.Quantity)} shipped after {Number(shippedBefore)} already shipped makes {Number(shippedBefore + item.Quantity)}, more than the {Number(orderLine.Quantity)} ordered.", line));
            }
        }

        return problems;
    }

    // What the order's earlier ship notices shipped, by line: the latest notice of each shipmentID counts (an update
    // replaces it, a delete ships nothing), except the shipment being checked, which this notice replaces.
    private static Dictionary<int, decimal> ShippedBefore(IReadOnlyList<OutboundDocument> earlier, string shipmentId)
    {
        var shipped = new Dictionary<int, decimal>();
        var latest = earlier.Where(d => d.Type == OutboundType.ShipNotice && d.ClientId != shipmentId)
            .GroupBy(d => d.ClientId ?? d.Id, StringComparer.Ordinal)
            .Select(g => g.Last());
        foreach (var line in latest.SelectMany(d => d.Lines))
        {
            shipped[line.LineNumber] = shipped.GetValueOrDefault(line.LineNumber) + line.Quantity;
        }

        return shipped;
    }

    // The order's line of that number, or null (with the problem) when it is listed again or not on the order.
    private static ErpOrderLine? OrderLine(int line, HashSet<int> seen, Dictionary<int, ErpOrderLine> ordered, OrderRecord order, List<FulfillmentProblem> problems)
    {
        if (!seen.Add(line))
        {
            problems.Add(new("duplicate-line", $"Line {line} is listed more than once.", line));
            return null;
        }

        if (!ordered.TryGetValue(line, out var orderLine))
        {
            problems.Add(new("unknown-line", $"Line {line} is not on order {order.OrderId}, whose lines are {string.Join(", ", ordered.Keys)}.", line));
            return null;
        }

        return orderLine;
    }

    private static void CheckUnit(string unit, ErpOrderLine orderLine, List<FulfillmentProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            problems.Add(new("unit-unknown", $"Line {orderLine.LineNumber} of the order has no unit of measure, so none can be stated to the buyer.", orderLine.LineNumber));
        }
        else if (orderLine.UnitOfMeasure is { } orderedUnit && !string.Equals(unit.Trim(), orderedUnit.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new("unit-mismatch", $"Line {orderLine.LineNumber}: the unit {unit} is not the order's {orderedUnit}.", orderLine.LineNumber));
        }
    }

    // An order line number is unique on an accepted order; the first wins should one repeat.
    private static Dictionary<int, ErpOrderLine> OrderLines(OrderRecord order)
    {
        var lines = new Dictionary<int, ErpOrderLine>();
        foreach (var line in order.Erp.Lines)
        {
            lines.TryAdd(line.LineNumber, line);
        }

        return lines;
    }

    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
