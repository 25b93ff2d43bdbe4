namespace NetObs.Generator.Configuration;

/// <summary>The node-level metric families a cluster exports (hubble-api.md §6.2).</summary>
public enum Dataplane
{
    /// <summary>cilium-agent's <c>cilium_forward_*_total</c> and <c>cilium_drop_*_total</c>.</summary>
    Cilium,

    /// <summary>Retina's <c>networkobservability_*</c> families (Azure CNI without Cilium).</summary>
    NonCilium,

    /// <summary>Both families, joined with <c>or</c> so whichever exists is shown.</summary>
    Both,
}
