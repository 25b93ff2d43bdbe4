using NetObs.Hubble.Hosting;
using NetObs.Simulator.Export;
using NetObs.Simulator.Hosting;
using NetObs.Simulator.Options;

if (args.Length > 0 && args[0] == "export")
{
    return await ExportAsync(args[1..]);
}

SimulatorOptions? options;
try
{
    options = SimulatorOptionsParser.Parse(args);
}
catch (OptionsException e)
{
    await Console.Error.WriteLineAsync($"netobs-simulator: {e.Message}");
    return 2;
}

if (options is null)
{
    Console.WriteLine(SimulatorOptionsParser.Usage);
    return 0;
}

try
{
    return await ServingProcess.RunAsync(async stopping => await SimulatorHost.StartAsync(options, TimeProvider.System, stopping), Console.Out);
}
catch (OptionsException e)
{
    await Console.Error.WriteLineAsync($"netobs-simulator: {e.Message}");
    return 2;
}

static async Task<int> ExportAsync(string[] args)
{
    ExportOptions? export;
    try
    {
        export = ExportOptionsParser.Parse(args);
    }
    catch (OptionsException e)
    {
        await Console.Error.WriteLineAsync($"netobs-simulator: {e.Message}");
        return 2;
    }

    if (export is null)
    {
        Console.WriteLine(ExportOptionsParser.Usage);
        return 0;
    }

    try
    {
        var summary = await ExporterFileWriter.WriteAsync(export, TimeProvider.System, CancellationToken.None);
        Console.WriteLine(summary.Line);
        return 0;
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        await Console.Error.WriteLineAsync($"netobs-simulator: export cannot write '{export.OutputFile}'; check that its folder exists and that this user may write there.");
        return 1;
    }
}
