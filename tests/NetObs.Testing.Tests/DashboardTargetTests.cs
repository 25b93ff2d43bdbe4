using NetObs.Testing.Dashboards;

namespace NetObs.Testing.Tests;

public sealed class DashboardTargetTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("netobs-dashboards-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public void Variables_are_filled_in_every_form_grafana_recognises_and_unknown_ones_are_left_as_written()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["namespace"] = "shop", ["workload"] = "frontend" };

        Assert.Equal("--pod shop/frontend --namespace shop shop frontend $cluster",
            TemplateVariables.Substitute("--pod $namespace/$workload --namespace ${namespace} ${namespace:raw} [[workload]] $cluster", values));
    }

    [Fact]
    public void Load_finds_the_targets_of_nested_panels_and_a_netobs_query_drops_its_data_source()
    {
        File.WriteAllText(Path.Combine(_scratch.FullName, "d.json"), """
            {"title": "Flows", "uid": "flows", "panels": [
              {"title": "Row", "type": "row", "panels": [
                {"title": "Log", "targets": [{"refId": "A", "datasource": {"type": "netobs-hubble-datasource"}, "queryType": "flows", "filter": "--namespace $namespace"}]}]},
              {"title": "Rate", "targets": [{"refId": "A", "datasource": {"type": "prometheus"}, "expr": "rate(x[5m])"}]}]}
            """);

        var targets = DashboardTarget.Load(_scratch.FullName);

        Assert.Equal(["Flows / Log", "Flows / Rate"], targets.Select(t => t.ToString()));
        var log = Assert.Single(targets, t => t.IsNetObs);
        var query = log.NetObsQuery(new Dictionary<string, string>(StringComparer.Ordinal) { ["namespace"] = "pets" });
        Assert.Equal("""{"refId":"A","queryType":"flows","filter":"--namespace pets"}""", query.ToJsonString());
        // The dashboard's own target is left as loaded.
        Assert.NotNull(log.Target["datasource"]);
        Assert.Equal("rate(x[5m])", Assert.Single(targets, t => !t.IsNetObs).Expression);
    }
}
