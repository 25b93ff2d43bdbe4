namespace NetObs.Grafana.Hosting;

/// <summary>What go-plugin (and so Grafana) tells a plugin through its environment when it starts it.</summary>
internal sealed record GoPluginEnvironment(string? MagicCookie, string? ProtocolVersions)
{
    // grafana/grafana-plugin-sdk-go backend/grpcplugin/handshake.go: the cookie is the same for every plugin type.
    public const string MagicCookieKey = "grafana_plugin_type";
    public const string MagicCookieValue = "datasource";
    public const int ProtocolVersion = 2;

    public static GoPluginEnvironment FromProcess() =>
        new(Environment.GetEnvironmentVariable(MagicCookieKey), Environment.GetEnvironmentVariable("PLUGIN_PROTOCOL_VERSIONS"));

    public bool LaunchedByGrafana => MagicCookie == MagicCookieValue;

    /// <summary>Whether the client offers protocol 2; go-plugin falls back to the configured version when the list is absent.</summary>
    public bool OffersProtocol2 =>
        string.IsNullOrWhiteSpace(ProtocolVersions)
        || ProtocolVersions.Split(',', StringSplitOptions.TrimEntries).Contains(ProtocolVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The line go-plugin reads from stdout: core version 1, app version 2, network, address, protocol.</summary>
    public static string HandshakeLine(string address) => $"1|{ProtocolVersion}|tcp|{address}|grpc";

    public static string NotLaunchedByGrafanaMessage(string executable, PluginHostOptions options) =>
        $"""
        {executable} {options.Version} is a Grafana backend plugin (id {options.PluginId}); Grafana starts it, you do not run it by hand.
        It found no {MagicCookieKey}={MagicCookieValue} in its environment, so it is not talking to Grafana and exits.

        To use it: copy the plugin folder (plugin.json, module.js and this executable named <executable>_<os>_<arch>)
        into Grafana's plugins directory and restart Grafana.

        To debug it: run it with -standalone from the plugin folder (the one holding plugin.json, or its dist/);
        it then serves on 127.0.0.1, writes standalone.txt and pid.txt, and the copy Grafana starts connects to it.
        Alternatively set {options.StandaloneAddressVariable}=127.0.0.1:<port> for Grafana.
        """;
}
