using Microsoft.Extensions.Logging;
using NetObs.Grafana;
using NetObs.Grafana.Queries;
using NetObs.Hubble.Relay;
using NetObs.Plugin.QueryTypes;
using NetObs.Plugin.Settings;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.Streaming;
using NetObs.Query.Variables;
using GrafanaSettings = NetObs.Grafana.DataSourceSettings;

namespace NetObs.Plugin;

/// <summary>
/// One Hubble data source instance (per Grafana data source uid and settings version): its validated
/// settings, its relay client, the query type router over its query engine, variable resources and live tail.
/// </summary>
internal sealed partial class HubbleDataSource : IQueryDataHandler, ICheckHealthHandler, ICallResourceHandler, IStreamHandler, IDisposable
{
    public const string PluginId = "netobs-hubble-datasource";

    private readonly GrafanaSettings _instance;
    private readonly SettingsParseResult _settings;
    private readonly HubbleRelayClient? _relay;
    private readonly QueryTypeRouter? _router;
    private readonly VariableResources? _variables;
    private readonly LiveTail? _tail;
    private readonly LiveChannelRegistry _channels;
    private readonly ILogger _logger;

    /// <param name="channels">The process-wide live channels, shared by every instance so a channel outlives a settings change.</param>
    public HubbleDataSource(GrafanaSettings instance, LiveChannelRegistry channels, ILogger logger)
    {
        _instance = instance;
        _channels = channels;
        _logger = logger;
        _settings = SettingsParser.Parse(instance.Url, instance.JsonData.Span, instance.DecryptedSecureJsonData);
        foreach (var warning in _settings.Warnings)
        {
            _logger.LogWarning("Data source {Uid}: {Warning}", instance.Uid, warning);
        }

        if (_settings.Settings is not { } settings)
        {
            _logger.LogWarning("Data source {Uid} has invalid settings: {Error}", instance.Uid, _settings.ErrorMessage);
            return;
        }

        try
        {
            _relay = new HubbleRelayClient(RelayClientOptions.From(settings));
        }
        catch (ArgumentException e)
        {
            // The relay client loads the TLS material when it is built. The parser has already checked the
            // address, so what fails here is the content of a secureJsonData PEM: a settings problem like any other.
            _settings = _settings with { Settings = null, Problems = [.. _settings.Problems, new QueryProblem("secureJsonData", e.Message)] };
            _logger.LogWarning("Data source {Uid} has invalid settings: {Error}", instance.Uid, _settings.ErrorMessage);
            return;
        }

        var engine = new QueryEngine(_relay, RelayClientOptions.Limits(settings), QueryEngineOptions.Default);
        _router = QueryTypeRoutes.Router(engine, LiveChannel, _logger);
        _variables = new VariableResources(_relay, VariableSampleOptions.Default with { Timeout = settings.Timeout });
        _tail = new LiveTail(_relay, LiveTailOptions.Default);
        _logger.LogInformation("Data source {Uid} uses Hubble Relay at {Address} (TLS {Tls})", instance.Uid, settings.Address, settings.UseTls);
    }

    public void Dispose() => _relay?.Dispose();
}
