namespace Punchout.Gateway.Cli;

/// <summary>An OCI call-up written down for <c>replay</c> (samples/oci/README.md): a request line
/// <c>GET /oci/demo-oci</c> or <c>POST /oci/demo-oci</c>, then one <c>NAME=value</c> per line, values unencoded.</summary>
/// <remarks>Blank lines and lines starting with <c>#</c> are skipped; spaces around a name and its value are ignored;
/// the value runs to the end of the line and may hold <c>=</c>, <c>?</c>, <c>&amp;</c> and <c>#</c>. A name may repeat;
/// every occurrence is sent, in order. <see cref="ToString"/> names no value, so no password is ever printed.</remarks>
/// <param name="Method">GET (the parameters go in the query string) or POST (they go in a form).</param>
/// <param name="Path">The gateway path, e.g. <c>/oci/demo-oci</c>; no query string.</param>
/// <param name="Parameters">The call-up's parameters in file order, unencoded.</param>
public sealed record OciCallUpFile(string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>The file extension <c>replay</c> sends as an OCI call-up.</summary>
    public const string Extension = ".oci";

    /// <summary>The request line only.</summary>
    public override string ToString() => $"{Method} {Path} ({Parameters.Count} parameters)";

    /// <summary>Reads the text of a call-up file; on failure, the 1-based line and what is wrong with it.</summary>
    public static OciCallUpFileResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? method = null;
        string? path = null;
        var parameters = new List<KeyValuePair<string, string>>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var n = i + 1;
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (method is null)
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || parts[0] is not ("GET" or "POST"))
                {
                    return OciCallUpFileResult.Fail(n, $"the first line must be 'GET /oci/BUYER' or 'POST /oci/BUYER', not '{line}'.");
                }

                if (!parts[1].StartsWith('/') || parts[1].Contains('?', StringComparison.Ordinal))
                {
                    return OciCallUpFileResult.Fail(n, $"the path '{parts[1]}' must start with '/' and have no query string; put each parameter on its own line as NAME=value.");
                }

                (method, path) = (parts[0], parts[1]);
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || line[..equals].Trim().Length == 0)
            {
                return OciCallUpFileResult.Fail(n, "expected NAME=value (a '#' starts a comment only at the start of a line).");
            }

            parameters.Add(new(line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }

        return method is null || path is null
            ? OciCallUpFileResult.Fail(lines.Length, "there is no request line 'GET /oci/BUYER' or 'POST /oci/BUYER'.")
            : new OciCallUpFileResult(new OciCallUpFile(method, path, parameters), 0, null);
    }
}

/// <summary>A call-up file read, or the line that stops it from being read.</summary>
/// <param name="File">The call-up; null on failure.</param>
/// <param name="Line">The 1-based line of the problem; 0 on success.</param>
/// <param name="Problem">What is wrong, for a person; null on success.</param>
public sealed record OciCallUpFileResult(OciCallUpFile? File, int Line, string? Problem)
{
    internal static OciCallUpFileResult Fail(int line, string problem) => new(null, line, problem);
}
