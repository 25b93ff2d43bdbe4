namespace NetObs.Generator.Output;

/// <summary>One kind of output (dashboards, provisioning, alert rules, ...); the pipeline runs every registered renderer.</summary>
public interface IOutputRenderer
{
    /// <summary>Renders this kind of output; files must not depend on the order renderers run in.</summary>
    IEnumerable<GeneratedFile> Render(GenerationContext context, CancellationToken cancellationToken);
}
