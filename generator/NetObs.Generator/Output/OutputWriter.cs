using System.Text;

namespace NetObs.Generator.Output;

/// <summary>Writes generated files under a folder as UTF-8 without BOM, creating folders as needed.</summary>
public sealed class OutputWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task WriteAsync(string outputFolder, IEnumerable<GeneratedFile> files, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(outputFolder);
        foreach (var file in files)
        {
            var target = Path.GetFullPath(Path.Combine(root, file.Path));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The output '{file.Path}' would be written outside {root}.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllTextAsync(target, file.Content, Utf8, cancellationToken);
        }
    }
}
