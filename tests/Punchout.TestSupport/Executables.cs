namespace Punchout.TestSupport;

/// <summary>Finds the programs the tests drive (redis-server, xmllint, chromium) on PATH.</summary>
public static class Executables
{
    /// <summary>The full path of <paramref name="name"/>, or an exception that says how to install it.</summary>
    public static string Find(string name, string debianPackage)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Append("/usr/sbin").Append("/usr/bin");
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{name} is not installed. Run ./test.sh, which installs it (apt-get install {debianPackage}).");
    }
}
