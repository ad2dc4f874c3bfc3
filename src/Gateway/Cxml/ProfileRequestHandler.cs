using Punchout.Gateway.PunchOut;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Profile;
using Punchout.Protocols.Handlers;

namespace Punchout.Gateway.Cxml;

/// <summary>Answers a ProfileRequest with every request that has a registered handler, each at <c>POST /cxml</c> with
/// the options its handler declares; a handler added with <c>AddCxmlHandler</c> is listed with no other change.</summary>
/// <remarks>The registry is reached lazily: it is built from every handler, this one included.</remarks>
public sealed class ProfileRequestHandler(Lazy<CxmlHandlerRegistry> registry, PublicUrls urls, TimeProvider clock) : CxmlRequestHandler<ProfileRequest>
{
    // The profile changes only when the gateway starts with other handlers.
    private readonly DateTimeOffset effectiveDate = clock.GetUtcNow();

    /// <inheritdoc />
    protected override ValueTask<CxmlResponse> HandleAsync(CxmlRequestContext context, ProfileRequest request, CancellationToken cancellationToken)
    {
        var url = urls.Absolute("/cxml");
        var profile = new ProfileResponse
        {
            EffectiveDate = effectiveDate,
            LastRefresh = effectiveDate,
            Transactions = [.. registry.Value.Handlers.Select(handler => new ProfileTransaction(handler.RequestName, url) { Options = handler.ProfileOptions })],
        };
        return ValueTask.FromResult(new CxmlResponse(CxmlStatus.Ok, profile));
    }
}
