using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NetObs.Generator.Configuration;

/// <summary>Loads the embedded defaults, then overlays the user's YAML file, checking every key and value.</summary>
public sealed class ConfigurationLoader
{
    /// <summary>The logical name of the commented defaults file embedded in the generator.</summary>
    public const string DefaultsResourceName = "NetObs.Generator.Configuration.defaults.yaml";

    /// <summary>The embedded defaults as YAML text (also what <c>--print-defaults</c> prints).</summary>
    public static string ReadDefaultsText()
    {
        using var stream = typeof(ConfigurationLoader).Assembly.GetManifestResourceStream(DefaultsResourceName)
            ?? throw new InvalidOperationException($"The generator was built without its embedded {DefaultsResourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The defaults alone; a missing key in the defaults file is a build defect, so it is an error too.</summary>
    public GeneratorConfig LoadDefaults()
    {
        var errors = new List<ConfigurationError>();
        var config = Overlay(new GeneratorConfig(), ReadDefaultsText(), "defaults.yaml", requireEveryKey: true, errors);
        return errors.Count == 0 ? config : throw new ConfigurationException(errors);
    }

    /// <summary>The defaults overlaid with the file at <paramref name="path"/>.</summary>
    public GeneratorConfig LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException([new ConfigurationError(path, 0, 0, $"the configuration file '{path}' does not exist; pass an existing file to --config or leave it out to use the defaults.")]);
        }

        return LoadText(File.ReadAllText(path), path);
    }

    /// <summary>The defaults overlaid with <paramref name="yaml"/>; <paramref name="fileName"/> names it in errors.</summary>
    public GeneratorConfig LoadText(string yaml, string fileName)
    {
        var errors = new List<ConfigurationError>();
        var config = Overlay(LoadDefaults(), yaml, fileName, requireEveryKey: false, errors);
        return errors.Count == 0 ? config : throw new ConfigurationException(errors);
    }

    private static GeneratorConfig Overlay(GeneratorConfig baseline, string yaml, string fileName, bool requireEveryKey, List<ConfigurationError> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            errors.Add(new ConfigurationError(fileName, e.Start.Line, e.Start.Column, $"this is not valid YAML: {e.InnerException?.Message ?? e.Message}"));
            return baseline;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return baseline;
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            errors.Add(new ConfigurationError(fileName, second.Line, second.Column, "the configuration must be a single YAML document; remove the second '---' document."));
        }

        var binder = new SettingsBinder(fileName, requireEveryKey, errors);
        return (GeneratorConfig)binder.BindRecord(typeof(GeneratorConfig), baseline, stream.Documents[0].RootNode, path: "");
    }

    /// <summary>Maps YAML nodes onto the settings records by property name (camelCase keys).</summary>
    private sealed class SettingsBinder(string fileName, bool requireEveryKey, List<ConfigurationError> errors)
    {
        public object BindRecord(Type type, object current, YamlNode node, string path)
        {
            if (node is not YamlMappingNode mapping)
            {
                Error(node, $"'{path}' must be a mapping of keys ({string.Join(", ", KeysOf(type))}), not {Describe(node)}.");
                return current;
            }

            var properties = SettableProperties(type).ToDictionary(p => KeyOf(p), StringComparer.Ordinal);
            // Records are copied before binding so the defaults instance is never changed.
            var result = Clone(current);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                var childPath = path.Length == 0 ? key : $"{path}.{key}";
                if (!properties.TryGetValue(key, out var property))
                {
                    Error(keyNode, $"unknown key '{key}'{(path.Length == 0 ? "" : $" in '{path}'")}; allowed keys: {string.Join(", ", properties.Keys)}.");
                    continue;
                }

                if (!seen.Add(key))
                {
                    Error(keyNode, $"the key '{childPath}' appears twice; keep one.");
                    continue;
                }

                var bound = BindValue(property, property.PropertyType, property.GetValue(result), valueNode, childPath);
                property.SetValue(result, bound);
            }

            if (requireEveryKey)
            {
                foreach (var missing in properties.Keys.Where(k => !seen.Contains(k)))
                {
                    Error(mapping, $"the defaults do not set '{(path.Length == 0 ? missing : $"{path}.{missing}")}'; every key needs a default.");
                }
            }

            return result;
        }

        private object? BindValue(PropertyInfo? property, Type type, object? current, YamlNode node, string path)
        {
            if (type == typeof(string))
            {
                return BindString(property, node, path, current as string ?? "");
            }

            if (type == typeof(bool))
            {
                return Scalar(node, path, "true or false") switch
                {
                    "true" => true,
                    "false" => false,
                    null => current,
                    var other => ErrorValue(node, $"'{path}' must be true or false, not '{other}'.", current),
                };
            }

            if (type == typeof(int) || type == typeof(double))
            {
                var text = Scalar(node, path, "a number");
                if (text is null)
                {
                    return current;
                }

                if (type == typeof(int) && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i))
                {
                    return i;
                }

                if (type == typeof(double) && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d))
                {
                    return d;
                }

                return ErrorValue(node, $"'{path}' must be {(type == typeof(int) ? "a whole number" : "a number")}, not '{text}'.", current);
            }

            if (type.IsEnum)
            {
                var allowed = Enum.GetNames(type).Select(Kebab).ToArray();
                var text = Scalar(node, path, string.Join(", ", allowed));
                if (text is null)
                {
                    return current;
                }

                var index = Array.IndexOf(allowed, text);
                return index >= 0
                    ? Enum.GetValues(type).GetValue(index)
                    : ErrorValue(node, $"'{path}' must be one of {string.Join(", ", allowed)}, not '{text}'.", current);
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                var elementType = type.GetGenericArguments()[0];
                if (node is not YamlSequenceNode sequence)
                {
                    return ErrorValue(node, $"'{path}' must be a list (for example [a, b]), not {Describe(node)}.", current);
                }

                var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    list.Add(BindValue(null, elementType, DefaultOf(elementType), item, $"{path}[{index++}]"));
                }

                if (list.Count == 0 && property?.GetCustomAttribute<NonEmptyAttribute>() is not null)
                {
                    return ErrorValue(node, $"'{path}' needs at least one item.", current);
                }

                return list;
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            {
                var valueType = type.GetGenericArguments()[1];
                if (node is not YamlMappingNode mapping)
                {
                    return ErrorValue(node, $"'{path}' must be a mapping of names to values, not {Describe(node)}.", current);
                }

                var dictionary = (System.Collections.IDictionary)Activator.CreateInstance(typeof(SortedDictionary<,>).MakeGenericType(typeof(string), valueType), StringComparer.Ordinal)!;
                var existing = current as System.Collections.IDictionary;
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = (keyNode as YamlScalarNode)?.Value ?? "";
                    var baseline = existing is not null && existing.Contains(key) ? existing[key] : DefaultOf(valueType);
                    dictionary[key] = BindValue(null, valueType, baseline, valueNode, $"{path}.{key}");
                }

                return dictionary;
            }

            if (type.IsClass)
            {
                return BindRecord(type, current ?? Activator.CreateInstance(type)!, node, path);
            }

            throw new InvalidOperationException($"The settings type {type.Name} at '{path}' has no YAML binding; add one to {nameof(ConfigurationLoader)}.");
        }

        private string BindString(PropertyInfo? property, YamlNode node, string path, string current)
        {
            var text = Scalar(node, path, "a string");
            if (text is null)
            {
                return current;
            }

            if (property?.GetCustomAttribute<RegexSettingAttribute>() is not null)
            {
                try
                {
                    _ = new System.Text.RegularExpressions.Regex(text, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    return (string)ErrorValue(node, $"'{path}' is not a valid regular expression ('{text}': {e.Message}); allowed: an RE2/Prometheus regex such as '.+' or 'kube-.*|default'.", current)!;
                }
            }

            if (property?.GetCustomAttribute<SettingPatternAttribute>() is { } pattern
                && !System.Text.RegularExpressions.Regex.IsMatch(text, pattern.Pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                return (string)ErrorValue(node, $"'{path}' must be {pattern.Allowed}, not '{text}'.", current)!;
            }

            if (property?.GetCustomAttribute<PrometheusLabelNameAttribute>() is not null
                && !System.Text.RegularExpressions.Regex.IsMatch(text, "^[a-zA-Z_][a-zA-Z0-9_]*$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                return (string)ErrorValue(node, $"'{path}' must be a Prometheus label name (letters, digits and '_', not starting with a digit), not '{text}'.", current)!;
            }

            if (property?.GetCustomAttribute<GrafanaUidAttribute>() is not null
                && !System.Text.RegularExpressions.Regex.IsMatch(text, "^[a-zA-Z0-9_-]{0,30}$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                return (string)ErrorValue(node, $"'{path}' must be letters, digits, '-' and '_' only, at most 30 characters (Grafana uids stop at 40 with the dashboard name), not '{text}'.", current)!;
            }

            return text;
        }

        private string? Scalar(YamlNode node, string path, string expected)
        {
            if (node is YamlScalarNode scalar)
            {
                return scalar.Value ?? "";
            }

            Error(node, $"'{path}' must be {expected}, not {Describe(node)}.");
            return null;
        }

        private object? ErrorValue(YamlNode node, string message, object? current)
        {
            Error(node, message);
            return current;
        }

        private void Error(YamlNode node, string message) =>
            errors.Add(new ConfigurationError(fileName, node.Start.Line, node.Start.Column, message));

        private static string Describe(YamlNode node) => node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a list",
            YamlScalarNode s => $"the value '{s.Value}'",
            _ => "this node",
        };

        private static object? DefaultOf(Type type) =>
            type == typeof(string) ? "" : type.IsValueType || type.IsInterface ? null : Activator.CreateInstance(type);

        private static object Clone(object record)
        {
            var clone = record.GetType().GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{record.GetType().Name} must be a record.");
            return clone.Invoke(record, null)!;
        }
    }

    private static IEnumerable<PropertyInfo> SettableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null && p.Name != "EqualityContract");

    private static IEnumerable<string> KeysOf(Type type) => SettableProperties(type).Select(KeyOf);

    private static string KeyOf(PropertyInfo property) => char.ToLowerInvariant(property.Name[0]) + property.Name[1..];

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
