namespace NetObs.History.Options;

/// <summary>Turns <c>netobs-history import …</c> into <see cref="ImportOptions"/>, or one exception listing every problem.</summary>
public static class ImportOptionsParser
{
    public const string Usage = """
        Usage: netobs-history import --store URI [--cluster NAME] FILE...
          --store URI      duckdb:PATH (default duckdb:netobs-history.duckdb) or clickhouse://HOST:PORT/DB
          --cluster NAME   cluster for flows whose node name has none (default "default")
          FILE             `hubble observe -o jsonpb` captures or Hubble exporter files (events.log, rotated, .gz)
        """;

    /// <summary>Parses the arguments after <c>import</c>; null when the user asked for help.</summary>
    public static ImportOptions? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var problems = new List<string>();
        var storeValue = StoreLocation.DefaultUri;
        var cluster = RelayTarget.DefaultCluster;
        var files = new List<string>();
        var reader = new CommandLineReader(args, problems);
        while (reader.MoveNext())
        {
            switch (reader.Flag)
            {
                case "--help" or "-h":
                    return null;
                case "--store":
                    storeValue = reader.Value() ?? storeValue;
                    break;
                case "--cluster":
                    if (reader.Value() is { } name)
                    {
                        if (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
                        {
                            cluster = name;
                        }
                        else
                        {
                            problems.Add($"--cluster '{name}' must be letters, digits, '-', '_' or '.'; write e.g. --cluster aks-prod.");
                        }
                    }

                    break;
                default:
                    if (reader.Flag.StartsWith('-'))
                    {
                        problems.Add($"unknown option '{reader.Argument}'; netobs-history import takes --store, --cluster and file names.");
                    }
                    else if (!File.Exists(reader.Argument))
                    {
                        problems.Add($"file '{reader.Argument}' does not exist; pass the path of a capture or an exporter file.");
                    }
                    else
                    {
                        files.Add(reader.Argument);
                    }

                    break;
            }
        }

        if (files.Count == 0 && problems.Count == 0)
        {
            problems.Add("no file to import; pass one or more `hubble observe -o jsonpb` captures or exporter files, e.g. netobs-history import --store duckdb:flows.duckdb events.log.");
        }

        var store = StoreLocationParser.Parse(storeValue, problems);
        if (problems.Count > 0)
        {
            throw new OptionsException(string.Join(Environment.NewLine, problems));
        }

        return new ImportOptions { Store = store!, Cluster = cluster, Files = files };
    }
}
