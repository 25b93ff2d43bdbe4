namespace NetObs.Package.Tests;

/// <summary>Finds a program of this machine's on PATH and in the sbin folders (chroot lives in /usr/sbin on Debian).</summary>
internal static class HostTool
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    public static string Require(string name, string installHint) =>
        Find(name) ?? throw new InvalidOperationException($"`{name}` is not installed; {installHint}.");
}
