using NetObs.Hubble.FlowValues;
using static NetObs.Hubble.FlowValues.ServiceMapNodeNamer;

namespace NetObs.Hubble.Tests.FlowValues;

/// <summary>
/// <see cref="ServiceMapNodeNamer.Reads"/> lists the fields a node name depends on; the history store groups flows
/// with the other fields made constant, so blanking them must never change a name.
/// </summary>
public sealed class ServiceMapNodeNamerReadsTests
{
    private static readonly string[] Namespaces = ["", "shop", "kube-system"];
    private static readonly string[] Pods = ["", "frontend-1", "cart-2"];
    private static readonly string?[] Workloads = [null, "", "frontend", "cart"];
    private static readonly string[] Kinds = ["", "Deployment", "StatefulSet"];
    private static readonly uint[] Identities = [0, 1, 2, 6, 9, 10, 11, 10169];
    private static readonly string?[] DnsNames = [null, "", "api.example.com."];
    private static readonly string[] Ips = ["", "10.0.0.1"];

    [Theory]
    [InlineData(ServiceMapNodeKind.Workload)]
    [InlineData(ServiceMapNodeKind.Pod)]
    [InlineData(ServiceMapNodeKind.Namespace)]
    [InlineData(ServiceMapNodeKind.Identity)]
    public void Fields_the_namer_does_not_read_do_not_change_the_name(ServiceMapNodeKind kind)
    {
        var reads = new ServiceMapNodeNamer(kind).Reads;
        var checkedSides = 0;
        foreach (var ns in Namespaces)
        {
            foreach (var pod in Pods)
            {
                foreach (var workload in Workloads)
                {
                    foreach (var workloadKind in Kinds)
                    {
                        foreach (var identity in Identities)
                        {
                            foreach (var dnsName in DnsNames)
                            {
                                foreach (var ip in Ips)
                                {
                                    var side = new Side(ns, pod, workload, workloadKind, identity, dnsName, ip);
                                    var blanked = new Side(
                                        ns,
                                        Keep(reads.Pod, side) ? pod : string.Empty,
                                        Keep(reads.Workload, side) ? workload : null,
                                        Keep(reads.WorkloadKind, side) ? workloadKind : string.Empty,
                                        Keep(reads.Identity, side) ? identity : 0,
                                        Keep(reads.DnsName, side) ? dnsName : null,
                                        Keep(reads.Ip, side) ? ip : string.Empty);

                                    // Fresh namers: a namer keeps the first name it gave, which would hide a difference.
                                    Assert.Equal(new ServiceMapNodeNamer(kind).Name(side), new ServiceMapNodeNamer(kind).Name(blanked));
                                    checkedSides++;
                                }
                            }
                        }
                    }
                }
            }
        }

        Assert.Equal(Namespaces.Length * Pods.Length * Workloads.Length * Kinds.Length * Identities.Length * DnsNames.Length * Ips.Length, checkedSides);
    }

    [Fact]
    public void A_workload_map_does_not_read_the_pod_of_a_workload_nor_the_ip_inside_the_cluster()
    {
        var reads = new ServiceMapNodeNamer(ServiceMapNodeKind.Workload).Reads;

        Assert.Equal(SideRead.InClusterWithoutWorkload, reads.Pod);
        Assert.Equal(SideRead.OutsideCluster, reads.Ip);
    }

    private static bool Keep(SideRead read, Side side)
    {
        var inCluster = side.Namespace.Length > 0;
        return read switch
        {
            SideRead.Never => false,
            SideRead.Always => true,
            SideRead.InCluster => inCluster,
            SideRead.InClusterWithWorkload => inCluster && side.FirstWorkload is not null,
            SideRead.InClusterWithoutWorkload => inCluster && side.FirstWorkload is null,
            _ => !inCluster,
        };
    }
}
