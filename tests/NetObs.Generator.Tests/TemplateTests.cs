using NetObs.Generator.Configuration;
using NetObs.Generator.Templates;
using Scriban.Runtime;

namespace NetObs.Generator.Tests;

public sealed class TemplateTests
{
    /// <summary>A template source held in memory, for broken templates.</summary>
    private sealed class InMemorySource(Dictionary<string, string> files) : ITemplateSource
    {
        public IReadOnlyList<string> Paths { get; } = [.. files.Keys.Order(StringComparer.Ordinal)];

        public string Description => "test templates";

        public string Read(string path) => files[path];
    }

    private static string RenderOne(Dictionary<string, string> files, string path)
    {
        var catalog = TemplateCatalog.Parse(new InMemorySource(files));
        return new TemplateRenderer(catalog).Render(path, new TemplateModelBuilder().Build(new ConfigurationLoader().LoadDefaults()), CancellationToken.None);
    }

    [Fact]
    public void Undefined_variable_is_an_error_naming_template_line_and_column()
    {
        var files = new Dictionary<string, string> { ["dashboards-templates/dashboards/x.sbn"] = "{\n  \"title\": {{ config.cluster.label | object.to_json }},\n  \"uid\": {{ dashbaord_uid | object.to_json }}\n}" };

        var error = Assert.Single(Assert.Throws<TemplateException>(() => RenderOne(files, "dashboards-templates/dashboards/x.sbn")).Errors);

        Assert.StartsWith("dashboards-templates/dashboards/x.sbn:3:13:", error, StringComparison.Ordinal);
        Assert.Contains("dashbaord_uid", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_member_of_the_configuration_is_an_error()
    {
        var files = new Dictionary<string, string> { ["dashboards-templates/partials/p.sbn"] = "{{ config.cluster.lable }}" };

        var error = Assert.Single(Assert.Throws<TemplateException>(() => RenderOne(files, "dashboards-templates/partials/p.sbn")).Errors);

        Assert.StartsWith("dashboards-templates/partials/p.sbn:1:", error, StringComparison.Ordinal);
        Assert.Contains("lable", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_syntax_error_in_every_template_is_reported_at_start()
    {
        var files = new Dictionary<string, string>
        {
            ["dashboards-templates/a.sbn"] = "ok {{ 1 + 1 }}",
            ["dashboards-templates/b.sbn"] = "line 1\n{{ if }}",
            ["alerts/c.sbn"] = "{{ end }}",
        };

        var errors = Assert.Throws<TemplateException>(() => TemplateCatalog.Parse(new InMemorySource(files))).Errors;

        Assert.Contains(errors, e => e.StartsWith("dashboards-templates/b.sbn:2:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("alerts/c.sbn:1:", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("dashboards-templates/a.sbn", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../alerts/x.sbn")]
    [InlineData("/etc/passwd")]
    [InlineData("partials/../../secret.sbn")]
    [InlineData("partials\\\\x.sbn")]
    public void Include_outside_the_template_root_is_refused(string name)
    {
        var files = new Dictionary<string, string> { ["dashboards-templates/d.sbn"] = $"{{{{ include '{name}' }}}}" };

        var error = Assert.Single(Assert.Throws<TemplateException>(() => RenderOne(files, "dashboards-templates/d.sbn")).Errors);

        Assert.Contains("is refused", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_resolves_inside_the_including_templates_root()
    {
        var files = new Dictionary<string, string>
        {
            ["alerts/main.sbn"] = "{{ include 'parts/p.sbn' }}",
            ["alerts/parts/p.sbn"] = "from alerts",
            ["dashboards-templates/parts/p.sbn"] = "from dashboards",
        };

        Assert.Equal("from alerts", RenderOne(files, "alerts/main.sbn"));
    }

    [Fact]
    public void Embedded_templates_are_the_repository_templates()
    {
        var embedded = new EmbeddedTemplateSource();
        var repository = new DirectoryTemplateSource(RepositoryPaths.Root);

        Assert.Equal(repository.Paths, embedded.Paths);
        foreach (var path in repository.Paths)
        {
            Assert.True(repository.Read(path) == embedded.Read(path), $"{path}: the embedded copy differs; rebuild the generator.");
        }
    }

    [Fact]
    public void Template_model_exposes_the_configuration_with_yaml_key_names()
    {
        var model = new TemplateModelBuilder().Build(new ConfigurationLoader().LoadText("dataplane: non-cilium\n", "x.yaml"));

        var config = Assert.IsType<ScriptObject>(model["config"]);
        Assert.Equal("non-cilium", config["dataplane"]);
        Assert.Single(Assert.IsType<ScriptArray>(model["node_families"]));
    }
}
