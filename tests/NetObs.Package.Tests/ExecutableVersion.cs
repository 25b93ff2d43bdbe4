using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace NetObs.Package.Tests;

/// <summary>The version a packaged executable reports: by running it with <c>--version</c> where this machine can, or else from the main assembly inside its single-file bundle.</summary>
internal static class ExecutableVersion
{
    public const string MainAssembly = "gpx_netobs.dll";

    /// <summary>The first stdout line of <c>executable --version</c> (run through <paramref name="launcher"/> when given, e.g. an emulator).</summary>
    public static string RunReport(string executable, params string[] launcher)
    {
        var info = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in launcher.Skip(1).Append(launcher.Length > 0 ? executable : null).OfType<string>())
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add("--version");
        info.Environment.Remove("grafana_plugin_type");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} --version did not exit within 60 s");
        }

        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(executable)} --version exited with {process.ExitCode}; stderr: {stderr.Result}");
        return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? throw new InvalidOperationException($"{Path.GetFileName(executable)} --version printed nothing on stdout; stderr: {stderr.Result}");
    }

    /// <summary>The informational version of the bundled main assembly, without build metadata.</summary>
    public static string FromBundle(SingleFileBundle bundle)
    {
        using var pe = new PEReader(new MemoryStream(bundle.Extract(MainAssembly)));
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (AttributeTypeName(metadata, attribute) != "System.Reflection.AssemblyInformationalVersionAttribute")
            {
                continue;
            }

            // A custom attribute blob: prolog 0x0001, then the constructor's one string argument.
            var blob = metadata.GetBlobReader(attribute.Value);
            Assert.Equal(1, blob.ReadUInt16());
            return (blob.ReadSerializedString() ?? "").Split('+')[0];
        }

        throw new InvalidOperationException($"{MainAssembly} in the bundle has no AssemblyInformationalVersionAttribute (trimmed away?).");
    }

    private static string AttributeTypeName(MetadataReader metadata, CustomAttribute attribute)
    {
        var type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => metadata.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return type.Kind switch
        {
            HandleKind.TypeReference when metadata.GetTypeReference((TypeReferenceHandle)type) is var reference =>
                $"{metadata.GetString(reference.Namespace)}.{metadata.GetString(reference.Name)}",
            HandleKind.TypeDefinition when metadata.GetTypeDefinition((TypeDefinitionHandle)type) is var definition =>
                $"{metadata.GetString(definition.Namespace)}.{metadata.GetString(definition.Name)}",
            _ => "",
        };
    }
}
