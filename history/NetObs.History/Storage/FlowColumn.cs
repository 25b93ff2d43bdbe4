namespace NetObs.History.Storage;

/// <summary>One stored column: its name in every store, its type, and what it holds.</summary>
public abstract record FlowColumn(string Name, FlowColumnType Type, string Description);

/// <summary>A column whose value is read from a <see cref="StoredFlow"/> by <see cref="Read"/>.</summary>
/// <typeparam name="T">
/// The CLR type of the value: sbyte, byte, short, ushort, int, uint, long, ulong, string,
/// IReadOnlyList&lt;string&gt;, ReadOnlyMemory&lt;byte&gt; or DateOnly, matching <see cref="FlowColumnType"/>.
/// </typeparam>
public sealed record FlowColumn<T>(string Name, FlowColumnType Type, string Description, Func<StoredFlow, T> Read)
    : FlowColumn(Name, Type, Description);
