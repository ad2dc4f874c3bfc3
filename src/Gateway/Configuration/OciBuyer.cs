using Punchout.Gateway.Oci;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Oci;

namespace Punchout.Gateway.Configuration;

/// <summary>A buyer's OCI settings, ready for call-ups: the credentials to check, the parameter names, where its
/// HOOK_URL may point, and where its form fields come from.</summary>
public sealed class OciBuyer
{
    /// <summary>The catalog user name.</summary>
    public required string Username { get; init; }

    /// <summary>The catalog password, as a hash compared in constant time.</summary>
    public required SharedSecretHash Password { get; init; }

    /// <summary>The parameter names of the user name, password and hook URL.</summary>
    public required OciCallUpNames Names { get; init; }

    /// <summary>Where a HOOK_URL may point.</summary>
    public required IReadOnlyList<ReturnTarget> AllowedHookUrls { get; init; }

    /// <summary>The buyer's own field sources, over <see cref="OciFieldSource.Defaults"/>.</summary>
    public required IReadOnlyDictionary<string, string> Fields { get; init; }

    /// <summary>The buyer's unit codes for the storefront's.</summary>
    public required IReadOnlyDictionary<string, string> Units { get; init; }

    /// <summary>The password itself, when configured (not only its SHA-256): the console's punchout tester calls the
    /// catalog up with it. Never logged: it prints as a mask.</summary>
    public SharedSecret? PasswordText { get; init; }

    /// <summary>From validated options.</summary>
    public static OciBuyer From(OciBuyerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OciBuyer
        {
            Username = options.Username,
            Password = string.IsNullOrEmpty(options.Password) ? SharedSecretHash.FromSha256Hex(options.PasswordSha256!) : SharedSecretHash.FromSecret(options.Password),
            PasswordText = string.IsNullOrEmpty(options.Password) ? null : new SharedSecret(options.Password),
            Names = new OciCallUpNames(options.UsernameParameter, options.PasswordParameter, options.HookUrlParameter),
            AllowedHookUrls = [.. options.AllowedHookUrls.Select(ReturnTarget.Parse).OfType<ReturnTarget>()],
            Fields = new Dictionary<string, string>(options.Fields, StringComparer.OrdinalIgnoreCase),
            Units = new Dictionary<string, string>(options.Units, StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>The source of <paramref name="field"/>: the buyer's, else the default; empty or null leaves it out.</summary>
    public string? SourceOf(string field) => Fields.TryGetValue(field, out var source) ? source : OciFieldSource.Defaults.GetValueOrDefault(field);

    /// <summary>Whether a cart may be posted to <paramref name="hookUrl"/>: an absolute http(s) URL a listed prefix allows.</summary>
    public bool AllowsHook(string? hookUrl) =>
        Uri.TryCreate(hookUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && AllowedHookUrls.Any(t => t.Allows(uri));
}
