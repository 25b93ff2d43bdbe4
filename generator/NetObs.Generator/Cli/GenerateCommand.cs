using NetObs.Generator.Configuration;
using NetObs.Generator.Output;
using NetObs.Generator.Templates;
using NetObs.Generator.Validation;

namespace NetObs.Generator.Cli;

/// <summary>Runs `generate`: load configuration, parse all templates, render, check, write.</summary>
public sealed class GenerateCommand(TextWriter stdout, TextWriter stderr)
{
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (options, error) = CommandLine.Parse(args);
        if (options is null)
        {
            await stderr.WriteLineAsync($"error: {error}");
            return 2;
        }

        if (options.ShowHelp)
        {
            await stdout.WriteAsync(CommandLine.HelpText.ReplaceLineEndings("\n") + "\n");
            return 0;
        }

        if (options.PrintDefaults)
        {
            await stdout.WriteAsync(ConfigurationLoader.ReadDefaultsText());
            return 0;
        }

        if (options.OutputFolder is not null && OutputFolderCheck.FindProblem(options.OutputFolder, []) is { } outputProblem)
        {
            await stderr.WriteLineAsync($"error: {outputProblem}");
            return 2;
        }

        var phase = "reading the configuration";
        try
        {
            var config = LoadConfiguration(options.ConfigFile);
            phase = "parsing the templates";
            ITemplateSource source = options.TemplatesRoot is null ? new EmbeddedTemplateSource() : new DirectoryTemplateSource(options.TemplatesRoot);
            var catalog = TemplateCatalog.Parse(source);
            phase = "rendering";
            var files = new GenerationPipeline().Generate(config, catalog, cancellationToken);
            phase = "checking the output";

            if (options.ValidateOnly)
            {
                var promtool = PromtoolRunner.Find();
                if (promtool is null)
                {
                    await stdout.WriteLineAsync("promtool is not on PATH: PromQL expressions were NOT checked (install Debian's `prometheus` package to check them).");
                }
                else
                {
                    IReadOnlyList<string> problems =
                    [
                        .. await new PromQlChecker(promtool).CheckAsync(files, cancellationToken),
                        .. await new Alerts.AlertRulesChecker(promtool).CheckAsync(files, cancellationToken),
                    ];
                    foreach (var problem in problems)
                    {
                        await stderr.WriteLineAsync($"error: {problem}");
                    }

                    if (problems.Count > 0)
                    {
                        return 1;
                    }

                    await stdout.WriteLineAsync($"promtool ({promtool}) parsed every PromQL expression.");
                }
            }

            if (options.OutputFolder is not null)
            {
                if (OutputFolderCheck.FindProblem(options.OutputFolder, files.Select(f => f.Path)) is { } folderProblem)
                {
                    await stderr.WriteLineAsync($"error: {folderProblem}");
                    return 2;
                }

                phase = "writing the output";
                await new OutputWriter().WriteAsync(options.OutputFolder, files, cancellationToken);
                await stdout.WriteLineAsync($"wrote {files.Count} files to {options.OutputFolder}");
            }
            else
            {
                await stdout.WriteLineAsync($"rendered {files.Count} files; nothing written (--validate without --out).");
            }

            return 0;
        }
        catch (ConfigurationException e)
        {
            foreach (var problem in e.Errors)
            {
                await stderr.WriteLineAsync($"error: {problem}");
            }

            return 1;
        }
        catch (TemplateException e)
        {
            foreach (var problem in e.Errors)
            {
                await stderr.WriteLineAsync($"error: {problem}");
            }

            return 1;
        }
        catch (DirectoryNotFoundException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: could not write the output: {e.Message} Check that --out names a folder you can write to.");
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the cause, the user gets a sentence and an exit code, never a stack trace (issue 12, item 8).
            await stderr.WriteLineAsync($"error: the generator failed while {phase}; this is a NetObs bug. Please report it with the command line and the configuration file you used.");
            return 1;
        }
    }

    /// <summary>
    /// The configuration, with YAML the parser cannot read reported at its line and column even when the parser
    /// fails without one (see <see cref="YamlSyntaxLocator"/>).
    /// </summary>
    private static GeneratorConfig LoadConfiguration(string? configFile)
    {
        var loader = new ConfigurationLoader();
        if (configFile is null)
        {
            return loader.LoadDefaults();
        }

        try
        {
            return loader.LoadFile(configFile);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or YamlDotNet.Core.YamlException)
        {
            var problem = YamlSyntaxLocator.Locate(File.ReadAllText(configFile), configFile)
                ?? new ConfigurationError(configFile, 1, 1, "the generator could not read this configuration although it is valid YAML; compare it with `generate --print-defaults`.");
            throw new ConfigurationException([problem]);
        }
    }
}
