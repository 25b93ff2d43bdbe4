namespace NetObs.Generator.Alerts;

/// <summary>A rule group ready to write: its name, recording rules and the alerts that are emitted.</summary>
public sealed record AlertRuleGroup(string Name, string ShortName, string Title, bool FlowBased, IReadOnlyList<RecordingRuleDefinition> Recording, IReadOnlyList<AlertRule> Alerts);
