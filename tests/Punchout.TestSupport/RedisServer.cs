using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Punchout.TestSupport;

/// <summary>A real redis-server on a free loopback port, started for the tests and stopped after them.</summary>
/// <remarks>Nothing is persisted. Tests share one server and keep apart by giving each gateway its own key prefix.</remarks>
public class RedisServer : IAsyncLifetime
{
    private readonly bool cluster;
    private readonly string workDirectory = Directory.CreateTempSubdirectory("punchout-redis-").FullName;
    private Process? process;

    /// <summary>A standalone server.</summary>
    public RedisServer()
        : this(cluster: false)
    {
    }

    /// <summary>A standalone server, or a one-node cluster owning every slot.</summary>
    protected RedisServer(bool cluster) => this.cluster = cluster;

    /// <summary>The port it listens on.</summary>
    public int Port { get; private set; }

    /// <summary>A StackExchange.Redis connection string for it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000";

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewKeyPrefix() => $"test-{Guid.NewGuid():N}:";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Port = FreePort();
        await StartAsync();
    }

    /// <summary>Stops the server, as a crash or an outage would; <see cref="StartAsync"/> brings it back on the same
    /// port, empty. For a server of the test's own: the shared one must keep running.</summary>
    public Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process?.Dispose();
        process = null;
        return Task.CompletedTask;
    }

    /// <summary>Starts the server on <see cref="Port"/> and waits until it answers.</summary>
    public async Task StartAsync()
    {
        var executable = Executables.Find("redis-server", "redis-server");
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--daemonize", "no", "--dir", workDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (cluster)
        {
            start.ArgumentList.Add("--cluster-enabled");
            start.ArgumentList.Add("yes");
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await WaitForAsync("PING", "+PONG", "answer PING");
        if (cluster)
        {
            await CommandAsync("CLUSTER ADDSLOTSRANGE 0 16383");
            await WaitForAsync("CLUSTER INFO", "cluster_state:ok", "report its cluster as ok");
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(workDirectory, recursive: true);
    }

    /// <summary>A free TCP port on the loopback interface.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitForAsync(string command, string expected, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if ((await CommandAsync(command)).Contains(expected, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"redis-server on port {Port} did not {what} within 15 s.");
    }

    // One inline command over a fresh connection; the raw reply, or empty when the server is not up yet.
    private async Task<string> CommandAsync(string command)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            var buffer = new byte[4096];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (SocketException)
        {
            return string.Empty;
        }
    }
}

/// <summary>A one-node Redis Cluster owning every slot: a transaction or script over keys of two slots fails on it
/// with CROSSSLOT, as on a real cluster.</summary>
public sealed class RedisClusterNode : RedisServer
{
    /// <summary>Starts in cluster mode.</summary>
    public RedisClusterNode()
        : base(cluster: true)
    {
    }
}
