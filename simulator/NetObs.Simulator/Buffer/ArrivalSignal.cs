namespace NetObs.Simulator.Buffer;

/// <summary>Wakes following readers when the writer has stored a new batch.</summary>
public sealed class ArrivalSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Take the task before checking for data, then await it: a pulse in between is not missed.</summary>
    public Task NextAsync() => Volatile.Read(ref _next).Task;

    public void Pulse() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
