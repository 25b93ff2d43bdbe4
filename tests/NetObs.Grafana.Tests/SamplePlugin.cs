namespace NetObs.Grafana.Tests;

/// <summary>The sample plugin these tests launch, with Grafana's environment.</summary>
internal static class SamplePlugin
{
    public static string Executable => PluginExecutables.SamplePlugin();

    public static PluginLaunch Launch => new(Executable);
}
