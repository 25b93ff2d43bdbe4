using NetObs.Grafana.Frames;
using NetObs.Query.Results;
using GrafanaNotice = NetObs.Grafana.Frames.Notice;
using GrafanaSeverity = NetObs.Grafana.Frames.NoticeSeverity;

namespace NetObs.Plugin.Frames;

/// <summary>Frame meta shared by every result: the executed query string and the result's notices.</summary>
internal static class ResultFrameMeta
{
    public static FrameMeta For(QueryResult result, string? type = null, FrameTypeVersion version = default, string? visualisation = null) => new()
    {
        Type = type,
        TypeVersion = version,
        ExecutedQueryString = result.ExecutedQueryString,
        Notices = result.Notices.Count == 0 ? null : [.. result.Notices.Select(ToGrafana)],
        PreferredVisualisationType = visualisation,
    };

    private static GrafanaNotice ToGrafana(QueryNotice notice) => new()
    {
        Severity = notice.Severity switch
        {
            Query.Results.NoticeSeverity.Error => GrafanaSeverity.Error,
            Query.Results.NoticeSeverity.Warning => GrafanaSeverity.Warning,
            _ => GrafanaSeverity.Info,
        },
        Text = notice.Text,
    };
}
