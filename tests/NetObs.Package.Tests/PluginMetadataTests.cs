using System.Text.Json;
using System.Text.RegularExpressions;

namespace NetObs.Package.Tests;

/// <summary>plugin.json as Grafana's plugin validator (metadata, metadatavalid, logos, modulejs) and sign-plugin read it.</summary>
public sealed class PluginMetadataTests
{
    private readonly PackagedPlugin package = PackagedPlugin.Find();

    [Fact]
    public void Plugin_json_id_matches_the_validator_pattern_and_ends_with_datasource()
    {
        using var json = package.PluginJson();
        var id = json.RootElement.GetProperty("id").GetString()!;

        // grafana/plugin-tools metadata schema and sign-plugin's pluginValidation (grafana-plugin-protocol.md §4.1).
        Assert.Matches(new Regex("^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)$"), id);
        Assert.Equal(PackagedPlugin.PluginId, id);
        Assert.Equal("datasource", json.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void Plugin_json_declares_a_backend_with_its_executable_and_the_capabilities_it_serves()
    {
        using var json = package.PluginJson();
        var root = json.RootElement;

        Assert.True(root.GetProperty("backend").GetBoolean(), "backend must be true: the data source runs gpx_netobs");
        Assert.Equal("gpx_netobs", root.GetProperty("executable").GetString());
        Assert.True(root.GetProperty("alerting").GetBoolean(), "alerting needs backend=true and is what the flow-based alert rules use");
        Assert.True(root.TryGetProperty("metrics", out var metrics) && metrics.GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("name").GetString()));
    }

    [Fact]
    public void Plugin_json_info_has_keywords_a_semver_version_an_update_date_and_no_placeholders()
    {
        using var json = package.PluginJson();
        var info = json.RootElement.GetProperty("info");
        var text = File.ReadAllText(Path.Combine(package.Folder, "plugin.json"));

        Assert.NotEmpty(info.GetProperty("keywords").EnumerateArray());
        Assert.Matches(new Regex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$"), info.GetProperty("version").GetString());
        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}$"), info.GetProperty("updated").GetString());
        Assert.DoesNotContain("%VERSION%", text, StringComparison.Ordinal);
        Assert.DoesNotContain("%TODAY%", text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("description").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("author").GetProperty("name").GetString()));
    }

    [Fact]
    public void Grafana_dependency_is_a_lower_bound_semver_range()
    {
        using var json = package.PluginJson();
        var range = json.RootElement.GetProperty("dependencies").GetProperty("grafanaDependency").GetString();

        Assert.Matches(new Regex(@"^>=\s*\d+\.\d+\.\d+"), range);
    }

    [Fact]
    public void Logos_referenced_by_plugin_json_exist_as_svg_files()
    {
        using var json = package.PluginJson();
        var logos = json.RootElement.GetProperty("info").GetProperty("logos");

        foreach (var size in new[] { "small", "large" })
        {
            var relative = logos.GetProperty(size).GetString()!;
            var path = Path.Combine(package.Folder, relative);
            Assert.True(File.Exists(path), $"logos.{size} '{relative}' is not in {package.Folder}");
            Assert.EndsWith(".svg", relative, StringComparison.Ordinal);
            Assert.Contains("<svg", File.ReadAllText(path), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Screenshots_and_links_point_at_files_that_exist_or_absolute_urls()
    {
        using var json = package.PluginJson();
        var info = json.RootElement.GetProperty("info");

        foreach (var screenshot in info.TryGetProperty("screenshots", out var s) ? s.EnumerateArray() : default(JsonElement.ArrayEnumerator))
        {
            var path = screenshot.GetProperty("path").GetString()!;
            Assert.True(File.Exists(Path.Combine(package.Folder, path)), $"screenshot '{path}' is missing from the package");
        }

        foreach (var link in info.TryGetProperty("links", out var l) ? l.EnumerateArray() : default(JsonElement.ArrayEnumerator))
        {
            Assert.StartsWith("https://", link.GetProperty("url").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Module_js_and_its_source_map_are_in_the_plugin_folder()
    {
        var module = Path.Combine(package.Folder, "module.js");

        Assert.True(File.Exists(module), "module.js is missing: Grafana cannot show the config and query editors without it");
        Assert.True(new FileInfo(module).Length > 1000, "module.js is suspiciously small");
        Assert.True(File.Exists(module + ".map"), "module.js.map is missing (the validator wants source maps)");
        // create-plugin builds an AMD module for SystemJS (grafana-plugin-protocol.md §4.1).
        Assert.Contains("define(", File.ReadAllText(module), StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_is_ours_and_changelog_and_license_are_shipped()
    {
        var readme = File.ReadAllText(Path.Combine(package.Folder, "README.md"));

        Assert.Contains("Hubble", readme, StringComparison.Ordinal);
        // The create-plugin template README starts with this phrase; the validator rejects it.
        Assert.DoesNotContain("This template is a starting point", readme, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(package.Folder, "CHANGELOG.md")), "CHANGELOG.md is missing");
        Assert.True(File.Exists(Path.Combine(package.Folder, "LICENSE")), "LICENSE is missing");
    }
}
