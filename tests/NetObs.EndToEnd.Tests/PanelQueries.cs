using System.Text.Json.Nodes;

namespace NetObs.EndToEnd.Tests;

/// <summary>A dashboard's panel queries as Grafana sends them once the variables are filled in.</summary>
internal static class PanelQueries
{
    /// <summary>The NetObs target of a panel, without its data-source reference, with the variables of its filter filled in.</summary>
    public static JsonObject NetObsQuery(DashboardTarget target, DashboardVariables variables)
    {
        var query = target.Target.DeepClone().AsObject();
        query.Remove("datasource");
        if (query["filter"]?.GetValue<string>() is { } filter)
        {
            query["filter"] = variables.InFlowFilter(filter);
        }

        return query;
    }
}
