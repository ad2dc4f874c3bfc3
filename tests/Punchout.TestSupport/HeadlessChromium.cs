using System.Diagnostics;

namespace Punchout.TestSupport;

/// <summary>Debian's chromium, headless, opening one page as a user's browser would: scripts run, forms submit.</summary>
/// <remarks>Started with a fresh profile and with its background networking off (the machine's network is closed);
/// killed on dispose.</remarks>
public sealed class HeadlessChromium : IDisposable
{
    private readonly Process process;
    private readonly string profile;

    private HeadlessChromium(Process process, string profile) => (this.process, this.profile) = (process, profile);

    /// <summary>Opens <paramref name="url"/> in a new headless browser.</summary>
    public static HeadlessChromium Open(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var executable = Executables.Find("chromium", "chromium");
        var profile = Directory.CreateTempSubdirectory("punchout-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                     $"--user-data-dir={profile}", url.ToString(),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new HeadlessChromium(process, profile);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A helper process may still hold a file for a moment; the temp folder is cleaned by the system.
        }
    }
}
