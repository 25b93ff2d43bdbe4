namespace NetObs.Generator.Alerts;

/// <summary>A deployment template in neutral form, written as ARM JSON and as Bicep from the same parameters and resources.</summary>
public sealed record AzureTemplate(IReadOnlyList<AzureParameter> Parameters, IReadOnlyList<AzureResource> Resources);

/// <summary>A template parameter; <see cref="Default"/> is null for required parameters.</summary>
public sealed record AzureParameter(string Name, string Type, string Description, object? Default);

/// <summary>A resource: Bicep's symbolic name, the resource type, its API version and the body (name, location, properties...).</summary>
public sealed record AzureResource(string SymbolicName, string Type, string ApiVersion, TreeMap Body);
