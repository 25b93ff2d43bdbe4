namespace NetObs.Package.Tests;

/// <summary>
/// Stands in for a container's mounts: each mount path gets a temporary folder, and arguments that name files under a
/// mount are rewritten to it, so that a program's own options parser can check a container's command line here
/// (it opens the files and probes the folders it is given).
/// </summary>
internal sealed class ContainerPaths : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("netobs-container-").FullName;
    private readonly List<(string MountPath, string Folder)> _mounts = [];

    /// <summary>Adds a mount and returns the folder that stands in for it.</summary>
    public string Mount(string mountPath)
    {
        var folder = Path.Combine(_root, _mounts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        _mounts.Add((mountPath.TrimEnd('/'), folder));
        return folder;
    }

    /// <summary>
    /// The arguments with a path under a mount pointing into its stand-in folder (the deepest mount wins, once per
    /// argument: the stand-in folders themselves may lie under a mount path such as /tmp).
    /// </summary>
    public IReadOnlyList<string> Rewrite(IEnumerable<string> arguments) => arguments.Select(Rewrite).ToList();

    private string Rewrite(string argument)
    {
        foreach (var (mountPath, folder) in _mounts.OrderByDescending(m => m.MountPath.Length))
        {
            var at = argument.IndexOf(mountPath + "/", StringComparison.Ordinal);
            if (at >= 0 && (at == 0 || argument[at - 1] == ':'))
            {
                return string.Concat(argument.AsSpan(0, at), folder, argument.AsSpan(at + mountPath.Length));
            }
        }

        return argument;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
