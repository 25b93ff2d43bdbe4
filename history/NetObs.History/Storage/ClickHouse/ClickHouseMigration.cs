using System.Reflection;
using System.Text.RegularExpressions;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// One versioned DDL file shipped in the assembly (Storage/ClickHouse/Migrations/NNNN_name[.cluster].sql).
/// <c>{database}</c> and <c>{cluster}</c> are replaced by the URI's names; <c>.cluster</c> files apply only with a cluster.
/// </summary>
public sealed partial record ClickHouseMigration(int Version, string Name, bool ClusterOnly, string Text)
{
    private const string ResourcePrefix = "NetObs.History.Storage.ClickHouse.Migrations.";

    /// <summary>Every migration in the assembly, in version order.</summary>
    public static IReadOnlyList<ClickHouseMigration> All { get; } = Load();

    /// <summary>The statements of this migration for a database and (optional) cluster.</summary>
    public IReadOnlyList<string> Statements(string database, string? cluster)
    {
        var text = Text.Replace("{database}", database, StringComparison.Ordinal).Replace("{cluster}", cluster ?? string.Empty, StringComparison.Ordinal);
        var withoutComments = string.Join('\n', text.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal)));
        return [.. withoutComments.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0)];
    }

    private static ClickHouseMigration[] Load()
    {
        var assembly = typeof(ClickHouseMigration).Assembly;
        var migrations = new List<ClickHouseMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var fileName = resource[ResourcePrefix.Length..];
            var match = FileName().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException($"ClickHouse migration '{fileName}' is not named NNNN_name.sql or NNNN_name.cluster.sql.");
            }

            migrations.Add(new ClickHouseMigration(
                int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                match.Groups["cluster"].Success,
                Read(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return [.. migrations];
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>[0-9]{4})_(?<name>[a-z0-9_]+)(?<cluster>\.cluster)?\.sql$")]
    private static partial Regex FileName();
}
