namespace Punchout.Protocols.Handlers;

/// <summary>The handlers by request name; refuses two handlers for one request.</summary>
public sealed class CxmlHandlerRegistry
{
    private readonly Dictionary<string, ICxmlRequestHandler> handlers = new(StringComparer.Ordinal);

    /// <summary>Registers every handler.</summary>
    /// <exception cref="InvalidOperationException">Two handlers claim the same request.</exception>
    public CxmlHandlerRegistry(IEnumerable<ICxmlRequestHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        foreach (var handler in handlers)
        {
            if (!this.handlers.TryAdd(handler.RequestName, handler))
            {
                throw new InvalidOperationException(
                    $"Both {this.handlers[handler.RequestName].GetType().Name} and {handler.GetType().Name} handle {handler.RequestName}; register one.");
            }
        }
    }

    /// <summary>Every registered handler, ordered by the name of its request.</summary>
    public IReadOnlyList<ICxmlRequestHandler> Handlers => [.. handlers.Values.OrderBy(h => h.RequestName, StringComparer.Ordinal)];

    /// <summary>The names of the requests that have a handler, in order.</summary>
    public IReadOnlyList<string> RequestNames => [.. handlers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The handler of <paramref name="requestName"/>, if one is registered.</summary>
    public bool TryGet(string requestName, out ICxmlRequestHandler handler) => handlers.TryGetValue(requestName, out handler!);
}
