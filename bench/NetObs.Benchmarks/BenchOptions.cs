using System.Globalization;
using NetObs.Benchmarks.History;

namespace NetObs.Benchmarks;

/// <summary>
/// The benchmark's command line: no arguments runs every benchmark; a mode (<c>load</c>, <c>history</c>,
/// <c>history-size</c>, <c>import</c>, <c>pushdown</c>) runs one of them; the flags size the history benchmarks and
/// shape the dashboard load. <see cref="Usage"/> lists every mode and flag <see cref="Parse"/> accepts.
/// </summary>
internal sealed record BenchOptions(bool LoadOnly, DashboardLoadOptions Load, bool HistoryOnly = false, HistoryBenchOptions? History = null, bool ImportOnly = false, bool PushdownOnly = false)
{
    public const string Usage = """
        usage: NetObs.Benchmarks [load | history | history-size | import | pushdown] [--viewers N] [--duration SECONDS] [--dashboard NAME] [--var NAME=VALUE]... [--plugin PATH] [--history-flows N] [--history-store PATH] [--ingest-flows N] [--ingest-only] [--no-clickhouse] [--size-flows N] [--import-flows N]
          (no mode)         run every benchmark
          load              run only the dashboard load benchmark
          history           run only the flow history benchmarks (import, ingest, bytes per flow, queries over stored flows)
          history-size      run only the history bytes-on-disk measure, with its per-column breakdown
          import            run only the import of an exporter file (netobs-history import) and its line parse
          pushdown          run only the history server pushdown against a relay scan of the same 500000 flows
          --viewers N       concurrent dashboard viewers (default 20)
          --duration S      seconds of load (default 45)
          --dashboard NAME  a generated dashboard under tests/NetObs.Generator.Tests/Golden/dashboards (default netobs-pod-flows-namespace)
          --var NAME=VALUE  a dashboard variable as Grafana would fill it in (defaults namespace=shop, workload=frontend)
          --plugin PATH     the gpx_netobs to load (default: this checkout's build), e.g. a packaged one or another commit's
          --history-flows N flows stored for the history query benchmarks (default 50000000; e.g. 1000000 for a quick run)
          --history-store P keep the stored flows in the DuckDB file P and reuse it when it already holds as many
          --ingest-flows N  flows appended to each store for the ingest rate (default 500000)
          --ingest-only     run only the history ingest benchmark (implies history)
          --no-clickhouse   leave out the ingest into ClickHouse (one clickhouse-server, then two shards behind a
                            Distributed table, started on 127.0.0.1 by the benchmark); it runs by default when
                            clickhouse-server is installed
          --size-flows N    distinct simulator flows written for bytes on disk (default 1000000)
          --import-flows N  flows in the exporter file the import benchmark writes and imports (default 200000)
        """;

    /// <summary>The options, or an error sentence naming the argument at fault.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var loadOnly = false;
        var historyOnly = false;
        var importOnly = false;
        var pushdownOnly = false;
        var history = HistoryBenchOptions.Default;
        var load = DashboardLoadOptions.Default;
        var variables = new Dictionary<string, string>(load.Variables, StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (arg)
            {
                case "load":
                    loadOnly = true;
                    break;
                case "history":
                    historyOnly = true;
                    break;
                case "history-size":
                    historyOnly = true;
                    history = history with { SizeOnly = true };
                    break;
                case "--size-flows":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var sized) || sized is < 10_000 or > 20_000_000)
                    {
                        return (null, "--size-flows needs a whole number from 10000 to 20000000.");
                    }

                    history = history with { SizeFlows = sized };
                    break;
                case "--ingest-only":
                    historyOnly = true;
                    history = history with { IngestOnly = true };
                    break;
                case "--no-clickhouse":
                    history = history with { ClickHouse = false };
                    break;
                case "import":
                    importOnly = true;
                    break;
                case "pushdown":
                    pushdownOnly = true;
                    break;
                case "--history-flows":
                    if (!long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var stored) || stored is < 10_000 or > 1_000_000_000)
                    {
                        return (null, "--history-flows needs a whole number from 10000 to 1000000000.");
                    }

                    history = history with { StoredFlows = stored };
                    break;
                case "--history-store":
                    if (Value() is not { Length: > 0 } storePath)
                    {
                        return (null, "--history-store needs the path of a DuckDB file to keep (and reuse) the stored flows in.");
                    }

                    history = history with { StorePath = Path.GetFullPath(storePath) };
                    break;
                case "--ingest-flows":
                    if (!long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var ingest) || ingest is < 10_000 or > 1_000_000_000)
                    {
                        return (null, "--ingest-flows needs a whole number from 10000 to 1000000000.");
                    }

                    history = history with { IngestFlows = ingest };
                    break;
                case "--import-flows":
                    if (!long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var imported) || imported is < 10_000 or > 100_000_000)
                    {
                        return (null, "--import-flows needs a whole number from 10000 to 100000000.");
                    }

                    history = history with { ImportFlows = imported };
                    break;
                case "--viewers":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var viewers) || viewers is < 1 or > 10_000)
                    {
                        return (null, "--viewers needs a whole number from 1 to 10000.");
                    }

                    load = load with { Viewers = viewers };
                    break;
                case "--duration":
                    if (!double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds is >= 1 and <= 86_400))
                    {
                        return (null, "--duration needs a number of seconds from 1 to 86400.");
                    }

                    load = load with { Duration = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--dashboard":
                    if (Value() is not { Length: > 0 } dashboard)
                    {
                        return (null, "--dashboard needs a dashboard name such as netobs-pod-flows-namespace.");
                    }

                    load = load with { Dashboard = dashboard };
                    break;
                case "--var":
                    if (Value() is not { } pair || pair.IndexOf('=', StringComparison.Ordinal) is var eq && eq < 1)
                    {
                        return (null, "--var needs NAME=VALUE, such as --var namespace=shop.");
                    }

                    variables[pair[..eq]] = pair[(eq + 1)..];
                    break;
                case "--plugin":
                    if (Value() is not { Length: > 0 } plugin || !File.Exists(plugin))
                    {
                        return (null, "--plugin needs the path of an existing gpx_netobs executable.");
                    }

                    load = load with { PluginPath = Path.GetFullPath(plugin) };
                    break;
                default:
                    return (null, $"Unknown argument '{(arg.Length > 40 ? arg[..40] + "…" : arg)}'.");
            }
        }

        return (new BenchOptions(loadOnly, load with { Variables = variables }, historyOnly, history, importOnly, pushdownOnly), null);
    }
}
