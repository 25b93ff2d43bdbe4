namespace NetObs.Generator.Templates;

/// <summary>The repository folders that hold templates; a template path always starts with one of them.</summary>
public static class TemplateRoots
{
    public const string Dashboards = "dashboards-templates";

    public const string Alerts = "alerts";

    public static IReadOnlyList<string> All { get; } = [Dashboards, Alerts];

    /// <summary>Templates are files with this extension; other files (test data, docs) are not parsed.</summary>
    public const string Extension = ".sbn";
}
