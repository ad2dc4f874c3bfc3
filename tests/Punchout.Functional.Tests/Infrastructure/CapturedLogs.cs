using System.Collections.Concurrent;
using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>A Serilog sink that keeps every event, to check what the gateway logs (and never logs).</summary>
public sealed class CapturedLogs : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> events = new();

    /// <summary>The events so far.</summary>
    public IReadOnlyList<LogEvent> Events => [.. events];

    /// <inheritdoc />
    public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);

    /// <summary>Each event as one line: level, rendered message, every property and the exception.</summary>
    public IReadOnlyList<string> Lines() =>
        [.. events.Select(e => $"{e.Level} {e.RenderMessage(CultureInfo.InvariantCulture)} {string.Join(' ', e.Properties.Select(p => $"{p.Key}={p.Value}"))} {e.Exception}")];

    /// <summary>The events with this event id.</summary>
    public IReadOnlyList<LogEvent> WithEventId(int id) =>
        [.. events.Where(e => e.Properties.TryGetValue("EventId", out var value) && value is StructureValue s && s.Properties.Any(p => p.Name == "Id" && p.Value.ToString() == id.ToString(CultureInfo.InvariantCulture)))];

    /// <summary>A property's value, unquoted.</summary>
    public static string? Property(LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) ? (value as ScalarValue)?.Value?.ToString() ?? value.ToString() : null;
}
