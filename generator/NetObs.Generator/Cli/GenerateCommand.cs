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

        try
        {
            var loader = new ConfigurationLoader();
            var config = options.ConfigFile is null ? loader.LoadDefaults() : loader.LoadFile(options.ConfigFile);
            ITemplateSource source = options.TemplatesRoot is null ? new EmbeddedTemplateSource() : new DirectoryTemplateSource(options.TemplatesRoot);
            var catalog = TemplateCatalog.Parse(source);
            var files = new GenerationPipeline().Generate(config, catalog, cancellationToken);

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
    }
}
