using NetObs.Demo.Stack;

namespace NetObs.Demo.Walkthrough;

/// <summary>Tells the user how to point their own Grafana at what the demo runs.</summary>
internal static class GrafanaInstructions
{
    public static void Write(TextWriter output, DemoStack stack)
    {
        var layout = stack.Options.Layout;
        var provisioning = Path.Combine(stack.GeneratedFolder, "provisioning");
        output.WriteLine();
        output.WriteLine("━━ Open it in Grafana (10.4 or later) ━━");
        if (Directory.Exists(layout.PluginFolder))
        {
            output.WriteLine($"  Plugin folder:      {layout.PluginFolder}");
            output.WriteLine("                      copy or symlink it into Grafana's plugins folder ([paths] plugins, GF_PATHS_PLUGINS; /var/lib/grafana/plugins in packages)");
        }
        else
        {
            output.WriteLine("  Plugin folder:      not packaged yet; `dotnet cake --target=Package` writes dist/netobs-hubble-datasource/");
        }

        output.WriteLine($"  Unsigned plugin:    GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS={RepositoryLayout.PluginId}   (a list of plugin ids, not `true`)");
        output.WriteLine($"  Provisioning:       GF_PATHS_PROVISIONING={provisioning}");
        output.WriteLine($"                      its data sources point at the simulator's relay {stack.Simulator.RelayAddress}"
            + (stack.Prometheus is null ? "" : $" and this Prometheus {stack.Prometheus.Address}"));
        if (stack.History is not null)
        {
            output.WriteLine($"  History:            add a NetObs Hubble data source with url {stack.History.Address} (the history server) to query the stored hours");
        }

        output.WriteLine($"  Dashboards:         {Path.Combine(stack.GeneratedFolder, "dashboards")} (read by the provisioned dashboard provider)");
        var grafanaAlerting = Path.Combine(stack.GeneratedFolder, "alerts", "grafana-alerting.yaml");
        if (File.Exists(grafanaAlerting))
        {
            output.WriteLine($"  Grafana alerting:   copy {grafanaAlerting} into {Path.Combine(provisioning, "alerting")}/ for flow-based alerts");
        }

        output.WriteLine("  For example, with Grafana's Debian package:");
        output.WriteLine($"    sudo ln -s {layout.PluginFolder} /var/lib/grafana/plugins/{RepositoryLayout.PluginId}");
        output.WriteLine($"    sudo GF_PATHS_PROVISIONING={provisioning} GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS={RepositoryLayout.PluginId} \\");
        output.WriteLine("      grafana server --homepath /usr/share/grafana --config /etc/grafana/grafana.ini");
        output.WriteLine("  then open http://localhost:3000 → Dashboards → Kubernetes / Networking.");
        output.WriteLine("  With Docker instead: `docker compose up` at the repository root (see docs/demo.md, With Docker).");
        output.WriteLine($"  Process logs:       {stack.LogsFolder}");
    }
}
