using System.Reflection;
using NetObs.History.Storage;

namespace NetObs.Benchmarks.History;

/// <summary>A store that accepts every write and keeps nothing, so a benchmark can time the importer without the store's own cost.</summary>
internal class DiscardingFlowStore : DispatchProxy
{
    public static IFlowStore Create() => Create<IFlowStore, DiscardingFlowStore>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        nameof(IFlowStore.AppendAsync) or nameof(IFlowStore.RecordGapAsync) => Task.CompletedTask,
        nameof(IAsyncDisposable.DisposeAsync) => ValueTask.CompletedTask,
        "get_" + nameof(IFlowStore.Description) => "a discarding store",
        _ => throw new NotSupportedException($"The import benchmark's discarding store only takes writes, not {targetMethod?.Name}."),
    };
}
