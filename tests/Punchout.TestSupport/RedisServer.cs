using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Punchout.TestSupport;

/// <summary>A real redis-server on a free loopback port, started for the tests and stopped after them.</summary>
/// <remarks>Nothing is persisted. Tests share one server and keep apart by giving each gateway its own key prefix.</remarks>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? process;

    /// <summary>The port it listens on.</summary>
    public int Port { get; private set; }

    /// <summary>A StackExchange.Redis connection string for it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000";

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewKeyPrefix() => $"test-{Guid.NewGuid():N}:";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var executable = Executables.Find("redis-server", "redis-server");
        Port = FreePort();
        process = Process.Start(new ProcessStartInfo(executable)
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--daemonize", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await PingAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within 15 s.");
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A free TCP port on the loopback interface.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
