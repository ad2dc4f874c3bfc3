namespace Punchout.Gateway.Cli;

/// <summary>Where a file named on the command line is.</summary>
/// <remarks><c>dotnet run --project src/Gateway</c> starts the gateway in its project folder, not in the folder the
/// command was typed in; the shell's <c>PWD</c> still names the latter, so a relative path is looked up there too.</remarks>
public static class CliPaths
{
    /// <summary>The path as given when it exists (or is absolute); else under the shell's folder when it exists there.</summary>
    public static string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Path.IsPathRooted(path) || File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }

        var shell = Environment.GetEnvironmentVariable("PWD");
        var candidate = string.IsNullOrEmpty(shell) ? null : Path.Combine(shell, path);
        return candidate is not null && (File.Exists(candidate) || Directory.Exists(candidate)) ? candidate : path;
    }
}
