namespace Punchout.TestSupport;

/// <summary>Paths into the repository the tests run from: samples, the corpus, the bundled DTDs.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding Punchout.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path under the repository root, given with '/' separators.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The bytes of a file under the repository root.</summary>
    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Punchout.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Punchout.sln above {AppContext.BaseDirectory}; run the tests from a clone of the repository.");
    }
}
