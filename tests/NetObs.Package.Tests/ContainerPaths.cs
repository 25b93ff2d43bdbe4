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

    /// <summary>The arguments with every path under a mount pointing into its stand-in folder.</summary>
    public IReadOnlyList<string> Rewrite(IEnumerable<string> arguments) =>
        arguments.Select(argument => _mounts.Aggregate(argument, (text, mount) => text.Replace(mount.MountPath + "/", mount.Folder + "/", StringComparison.Ordinal))).ToList();

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
