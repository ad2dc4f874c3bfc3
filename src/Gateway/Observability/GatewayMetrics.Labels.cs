using System.Collections.Frozen;
using System.Reflection;
using Punchout.Gateway.Erp;
using Punchout.Validation.Carts;
using Punchout.Validation.Orders;

namespace Punchout.Gateway.Observability;

/// <summary>The bounded label values of <see cref="GatewayMetrics"/>.</summary>
public sealed partial class GatewayMetrics
{
    /// <summary>The reason label of a refusal whose code is not on its counter's fixed list.</summary>
    public const string OtherReason = "other";

    /// <summary>The protocol label of a flow that is neither cXML nor OCI (none today).</summary>
    public const string OtherProtocol = "other";

    /// <summary>The protocols a flow is labelled with.</summary>
    internal static readonly FrozenSet<string> Protocols = FrozenSet.ToFrozenSet(["cxml", "oci"], StringComparer.Ordinal);

    /// <summary>The credit outcomes: ok, or one of <see cref="CreditGate"/>'s refusal codes.</summary>
    internal static readonly FrozenSet<string> CreditOutcomes = FrozenSet.ToFrozenSet(["ok", .. CreditCodes], StringComparer.Ordinal);

    /// <summary>The reasons a cart line is counted as refused for: every cart problem code, the ERP not pricing the
    /// cart, an OCI field that does not fit, and the credit codes.</summary>
    internal static readonly FrozenSet<string> CartRefusalReasons = FrozenSet.ToFrozenSet(
        [.. CodesOf(typeof(CartProblemCodes)), "pricing-unavailable", "oci-field", .. CreditCodes],
        StringComparer.Ordinal);

    /// <summary>The reasons an OrderRequest is counted as refused for: every order rule, the ERP's entitlement codes,
    /// the order history's codes, a same business key with other content, the ERP unavailable, and the credit codes.</summary>
    internal static readonly FrozenSet<string> OrderRefusalReasons = FrozenSet.ToFrozenSet(
        [.. CodesOf(typeof(OrderRules)), CartProblemCodes.UnknownPart, CartProblemCodes.NotEntitled, "unknown-order", "stale-version", "unknown-agreement", "same-order-conflict", "erp-unavailable", .. CreditCodes],
        StringComparer.Ordinal);

    private static string[] CreditCodes => [CreditGate.Hold, CreditGate.OverLimit, CreditGate.Unavailable];

    /// <summary>The buyer label of <paramref name="buyer"/>: the configured buyer's id as configured (whatever letter
    /// case the caller used), else <see cref="UnknownBuyer"/>.</summary>
    internal string BuyerLabel(string? buyer) =>
        buyers is null ? buyer ?? UnknownBuyer
        : buyer is null ? UnknownBuyer
        : buyers.Find(buyer)?.Id ?? UnknownBuyer;

    private KeyValuePair<string, object?> Buyer(string buyer) => new("buyer", BuyerLabel(buyer));

    private static KeyValuePair<string, object?> Protocol(string protocol) =>
        new("protocol", Protocols.Contains(protocol) ? protocol : OtherProtocol);

    private static KeyValuePair<string, object?> Reason(string reason, FrozenSet<string> known) =>
        new("reason", known.Contains(reason) ? reason : OtherReason);

    // The values of a class's public string constants: the code lists of Validation.
    private static IEnumerable<string> CodesOf(Type codes) =>
        codes.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);
}
