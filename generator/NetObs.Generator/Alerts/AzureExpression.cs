namespace NetObs.Generator.Alerts;

/// <summary>A value Azure computes at deployment (a parameter reference), written once per template language.</summary>
public sealed record AzureExpression(string Arm, string Bicep)
{
    /// <summary>A reference to the template parameter <paramref name="name"/>.</summary>
    public static AzureExpression Parameter(string name) => new($"parameters('{name}')", name);
}
