using NetObs.History.Hosting;
using NetObs.History.Import;
using NetObs.History.Options;
using NetObs.Hubble.Hosting;

if (args.Length > 0 && args[0] == "import")
{
    return await ImportAsync(args[1..]);
}

HistoryOptions? options;
try
{
    options = HistoryOptionsParser.Parse(args);
}
catch (OptionsException e)
{
    await Console.Error.WriteLineAsync(Prefixed(e.Message));
    return 2;
}

if (options is null)
{
    Console.WriteLine(HistoryOptionsParser.Usage);
    return 0;
}

try
{
    return await ServingProcess.RunAsync(stopping => StartAsync(options, stopping), Console.Out);
}
catch (OptionsException e)
{
    await Console.Error.WriteLineAsync(Prefixed(e.Message));
    return 2;
}

// The server waits for a ClickHouse that cannot be reached yet (StoreOpener); import, a one-shot command, does not.
static async Task<IServingHost> StartAsync(HistoryOptions options, CancellationToken stopping)
{
    var store = await StoreOpener.OpenWaitingAsync(options.Store, TimeProvider.System, Console.Error, stopping);
    try
    {
        return await HistoryHost.StartAsync(options, store, TimeProvider.System, Console.Error, stopping);
    }
    catch
    {
        await store.DisposeAsync();
        throw;
    }
}

static string Prefixed(string message) =>
    string.Join(Environment.NewLine, message.Split(Environment.NewLine).Select(line => $"netobs-history: {line}"));

static async Task<int> ImportAsync(string[] args)
{
    ImportOptions? options;
    try
    {
        options = ImportOptionsParser.Parse(args);
    }
    catch (OptionsException e)
    {
        await Console.Error.WriteLineAsync(Prefixed(e.Message));
        return 2;
    }

    if (options is null)
    {
        Console.WriteLine(ImportOptionsParser.Usage);
        return 0;
    }

    await using var store = await OpenOrReportAsync(options.Store);
    if (store is null)
    {
        return 2;
    }

    var importer = new FlowFileImporter(store, options.Cluster);
    var reports = new List<ImportFileReport>();
    foreach (var file in options.Files)
    {
        try
        {
            reports.Add(await importer.ImportAsync(file, CancellationToken.None));
        }
        catch (NetObs.History.Storage.FlowStoreException e)
        {
            // The store failing is not the file's fault: report it and stop, the files after it would fail the same way.
            reports.Add(new ImportFileReport(file, 0, 0, 0, []) { FileProblem = e.Message });
            break;
        }
    }

    ImportReportWriter.Write(Console.Out, reports);
    return reports.Any(r => r.FileProblem is not null) ? 1 : 0;
}

static async Task<NetObs.History.Storage.IFlowStore?> OpenOrReportAsync(StoreLocation location)
{
    try
    {
        return await StoreOpener.OpenAsync(location, CancellationToken.None);
    }
    catch (OptionsException e)
    {
        await Console.Error.WriteLineAsync(Prefixed(e.Message));
        return null;
    }
}
