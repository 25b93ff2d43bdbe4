namespace NetObs.Generator.Configuration;

/// <summary>The string setting must be a regular expression that compiles.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RegexSettingAttribute : Attribute;

/// <summary>The string setting must match a pattern; the description says what is allowed.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingPatternAttribute(string pattern, string allowed) : Attribute
{
    public string Pattern { get; } = pattern;

    public string Allowed { get; } = allowed;
}

/// <summary>A Prometheus label name: letters, digits and underscores, not starting with a digit.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PrometheusLabelNameAttribute : Attribute;

/// <summary>A Grafana uid: letters, digits, '-' and '_', at most 40 characters.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class GrafanaUidAttribute : Attribute;

/// <summary>The list setting needs at least one item.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NonEmptyAttribute : Attribute;
