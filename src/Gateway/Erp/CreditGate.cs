using Punchout.Gateway.Configuration;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Erp;

/// <summary>The ERP credit check (docs/erp-contract.md, POST /credit/check): one ERP call for an amount, before a cart
/// is returned or an order is taken (<c>Blocking</c>), or before the order worker forwards an order (<c>Async</c>).</summary>
/// <remarks>Fails closed: a refused, failed or unreadable call is <c>credit-unavailable</c>, never a pass.</remarks>
public sealed class CreditGate(IErpClient erp)
{
    /// <summary>The code of a refusal because the account is on credit hold.</summary>
    public const string Hold = "credit-hold";

    /// <summary>The code of a refusal because the amount is more than the account's available credit.</summary>
    public const string OverLimit = "credit-over-limit";

    /// <summary>The code of a refusal because the ERP could not say.</summary>
    public const string Unavailable = "credit-unavailable";

    /// <summary>Null when the buyer's credit check is not <c>Blocking</c> or the ERP answers ok; otherwise why not.</summary>
    public async Task<CreditRefusal?> CheckAsync(Buyer buyer, string currency, decimal amount, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buyer);
        return buyer.CreditBlocking ? await AskAsync(buyer, currency, amount, reference, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>Null when the ERP answers ok; otherwise why not. Asks whatever the buyer's mode: the order worker
    /// calls it for <c>Async</c> buyers.</summary>
    public async Task<CreditRefusal?> AskAsync(Buyer buyer, string currency, decimal amount, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buyer);
        var outcome = await erp.CheckCreditAsync(new CreditCheckRequest(buyer.ErpAccount, currency, amount, reference), cancellationToken).ConfigureAwait(false);
        return outcome.Value switch
        {
            null => new CreditRefusal(Unavailable, buyer.ErpAccount, outcome.Failure!.Reason),
            { Status: CreditStatus.Hold } d => new CreditRefusal(Hold, d.Account, d.Reason ?? $"Account {d.Account} is on credit hold."),
            { Status: CreditStatus.OverLimit } d => new CreditRefusal(OverLimit, d.Account, d.Reason ?? $"The amount is more than the credit available to account {d.Account}."),
            _ => null,
        };
    }
}

/// <summary>Why the credit check did not pass: <see cref="CreditGate.Hold"/>, <see cref="CreditGate.OverLimit"/> or
/// <see cref="CreditGate.Unavailable"/>, the ERP account, and the ERP's (or the transport's) reason.</summary>
public sealed record CreditRefusal(string Code, string Account, string Reason)
{
    /// <summary>Whether the ERP could not answer (rather than refusing).</summary>
    public bool IsUnavailable => Code == CreditGate.Unavailable;
}
