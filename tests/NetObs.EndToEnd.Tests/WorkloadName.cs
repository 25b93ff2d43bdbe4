using System.Text.RegularExpressions;

namespace NetObs.EndToEnd.Tests;

/// <summary>The owner name of a pod, as the dashboards' Workload variable and `workload` label give it.</summary>
internal static partial class WorkloadName
{
    public static string Of(string pod) => WorkloadSuffix().Replace(pod, "");

    // Matches the generator's default workloadPodSuffix: ReplicaSet hash and pod suffix, DaemonSet suffix, or StatefulSet ordinal.
    [GeneratedRegex(@"(?:(-[a-z0-9]{6,10})?-[a-z0-9]{5}|-[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex WorkloadSuffix();
}
