namespace NetObs.Generator.Cli;

/// <summary>Parses <c>generate [options]</c> and holds the help text that documents every option.</summary>
public static class CommandLine
{
    public const string HelpText = """
        NetObs generator: renders the "Kubernetes / Networking" dashboards, Grafana provisioning files
        and alert rules from templates and a YAML configuration.

        Usage:
          NetObs.Generator generate --out DIR [--config FILE] [--templates REPO] [--validate]
          NetObs.Generator generate --validate [--config FILE] [--templates REPO]
          NetObs.Generator generate --print-defaults
          NetObs.Generator --help

        Options:
          --out DIR          Write DIR/dashboards/<uid>.json, DIR/azure-managed-grafana/<uid>.json (import
                             variant with __inputs, for dashboards with metric panels), DIR/provisioning/...
                             and, with alert templates, DIR/alerts/....
                             Existing files with the same names are overwritten; others are left alone.
          --config FILE      YAML configuration overlaid on the embedded defaults. Every key is optional;
                             unknown keys, wrong types and bad regexes are errors with file:line:column.
          --templates REPO   Read dashboards-templates/ and alerts/ from the repository at REPO instead of
                             the copy embedded in the generator (for editing templates without rebuilding).
          --validate         Render everything and check it, write nothing (unless --out is also given):
                             templates in strict mode, JSON and YAML well-formed, and every PromQL
                             expression through `promtool check rules` when promtool is on PATH.
          --print-defaults   Print the embedded default configuration, with a comment on every key.
          -h, --help         Print this help.

        Exit codes: 0 success, 1 invalid configuration or templates or PromQL, 2 wrong command line.
        """;

    /// <summary>The parsed options, or an error sentence for a wrong command line.</summary>
    public static (GenerateOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            return (new GenerateOptions { ShowHelp = true }, null);
        }

        if (args[0] != "generate")
        {
            return (null, $"unknown command '{args[0]}'; the only command is 'generate' (see --help).");
        }

        var options = new GenerateOptions();
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return null;
                }

                return args[++i];
            }

            switch (arg)
            {
                case "-h" or "--help":
                    options = options with { ShowHelp = true };
                    break;
                case "--validate":
                    options = options with { ValidateOnly = true };
                    break;
                case "--print-defaults":
                    options = options with { PrintDefaults = true };
                    break;
                case "--out" or "--config" or "--templates":
                    var value = Value();
                    if (value is null)
                    {
                        return (null, $"{arg} needs a value, e.g. {arg} {(arg == "--config" ? "netobs.yaml" : "dist/generated")}.");
                    }

                    options = arg switch
                    {
                        "--out" => options with { OutputFolder = value },
                        "--config" => options with { ConfigFile = value },
                        _ => options with { TemplatesRoot = value },
                    };
                    break;
                default:
                    return (null, $"unknown option '{arg}'; the options are --out, --config, --templates, --validate, --print-defaults and --help.");
            }
        }

        if (!options.ShowHelp && !options.PrintDefaults && !options.ValidateOnly && options.OutputFolder is null)
        {
            return (null, "generate needs --out DIR (or --validate to check only).");
        }

        return (options, null);
    }
}
