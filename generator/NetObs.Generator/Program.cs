using NetObs.Generator.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    return await new GenerateCommand(Console.Out, Console.Error).RunAsync(args, cancellation.Token);
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    // Ctrl+C: a sentence and the shell's usual 128+SIGINT, not a stack trace.
    await Console.Error.WriteLineAsync("stopped by Ctrl+C; files already written are left as they are.");
    return 130;
}
