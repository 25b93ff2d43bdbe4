using System.Diagnostics;
using Cilium.Flow;
using NetObs.Hubble.Evaluation;
using NetObs.Hubble.Filtering;

namespace NetObs.Benchmarks;

/// <summary>
/// Flow×filter checks per second of the Hubble filter evaluator over a deterministic mix of L3/L4,
/// drop, DNS and HTTP flows and typical dashboard filters (target: 5 million checks/s).
/// </summary>
public sealed class EvaluatorBenchmark
{
    /// <summary>The throughput the issue asks for.</summary>
    public const double TargetChecksPerSecond = 5_000_000;

    /// <summary>Filters as dashboards and users write them.</summary>
    public static IReadOnlyList<string> Filters { get; } =
    [
        "--namespace pets --verdict DROPPED",
        "--from-label k8s:app=frontend --to-port 8080 --protocol tcp",
        "--to-fqdn '*.example.com' --not --namespace kube-system",
        "--ip 10.0.0.0/16 --http-status 5+",
        "--node-name 'aks-*' --type trace:to-stack",
        "--pod pets/frontend --http-path ^/api --not --http-method OPTIONS",
        "--dns --not --label k8s:k8s-app=kube-dns",
        "--tcp-flags rst --to-workload StatefulSet/",
    ];

    private readonly Flow[] _flows;
    private readonly FlowFilterEvaluator[] _evaluators;

    public EvaluatorBenchmark(int distinctFlows = 4096, int seed = 7)
    {
        var random = new Random(seed);
        _flows = [.. Enumerable.Range(0, distinctFlows).Select(i => MakeFlow(random, i))];
        _evaluators = [.. Filters.Select(f => ObserveFilterParser.Parse(f)).Select(q => FlowFilterEvaluator.Compile(q.Allowlist, q.Denylist))];
    }

    /// <summary>
    /// Runs for about <paramref name="duration"/> on one thread. Returns checks per wall-clock second
    /// and per CPU second of this process; the latter stays meaningful on a machine shared with builds.
    /// </summary>
    public (double ChecksPerSecond, double ChecksPerCpuSecond) MeasureChecksPerSecond(TimeSpan duration)
    {
        var matched = 0L;
        foreach (var evaluator in _evaluators)
        {
            foreach (var flow in _flows)
            {
                matched += evaluator.Matches(flow) ? 1 : 0;
            }
        }

        var checks = 0L;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            foreach (var flow in _flows)
            {
                foreach (var evaluator in _evaluators)
                {
                    matched += evaluator.Matches(flow) ? 1 : 0;
                }
            }

            checks += (long)_flows.Length * _evaluators.Length;
        }

        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        GC.KeepAlive(matched);
        return (checks / watch.Elapsed.TotalSeconds, checks / cpu.TotalSeconds);
    }

    private static Flow MakeFlow(Random random, int index)
    {
        string[] namespaces = ["pets", "shop", "kube-system", "default", "monitoring"];
        string[] apps = ["frontend", "catalog", "payment", "orders", "rabbitmq", "mongodb", "coredns"];
        var srcNs = namespaces[random.Next(namespaces.Length)];
        var dstNs = namespaces[random.Next(namespaces.Length)];
        var srcApp = apps[random.Next(apps.Length)];
        var dstApp = apps[random.Next(apps.Length)];
        var kind = random.Next(4);
        var flow = new Flow
        {
            Verdict = random.Next(10) == 0 ? Verdict.Dropped : Verdict.Forwarded,
            IP = new IP { Source = $"10.0.{random.Next(4)}.{random.Next(1, 255)}", Destination = $"10.{random.Next(2)}.{random.Next(4)}.{random.Next(1, 255)}", IpVersion = IPVersion.Ipv4 },
            Source = new Endpoint
            {
                Identity = (uint)random.Next(256, 60000),
                Namespace = srcNs,
                PodName = $"{srcApp}-{index % 7}",
                Labels = { $"k8s:app={srcApp}", $"k8s:io.kubernetes.pod.namespace={srcNs}" },
                Workloads = { new Workload { Name = srcApp, Kind = "Deployment" } },
            },
            Destination = new Endpoint
            {
                Identity = (uint)random.Next(256, 60000),
                Namespace = dstNs,
                PodName = $"{dstApp}-0",
                Labels = { $"k8s:app={dstApp}", dstApp == "coredns" ? "k8s:k8s-app=kube-dns" : "k8s:tier=backend" },
                Workloads = { new Workload { Name = dstApp, Kind = random.Next(3) == 0 ? "StatefulSet" : "Deployment" } },
            },
            DestinationNames = { random.Next(5) == 0 ? "api.example.com" : $"{dstApp}.{dstNs}.svc.cluster.local" },
            NodeName = random.Next(2) == 0 ? $"aks-nodepool1-{index % 3}" : $"c1/aks-nodepool2-{index % 3}",
            EventType = new CiliumEventType { Type = kind == 0 ? 1 : kind == 3 ? 129 : 4, SubType = kind == 0 ? 133 : random.Next(12) },
            TrafficDirection = random.Next(2) == 0 ? TrafficDirection.Ingress : TrafficDirection.Egress,
            IsReply = kind == 0 ? null : random.Next(2) == 0,
        };
        if (flow.Verdict == Verdict.Dropped)
        {
            flow.DropReasonDesc = DropReason.PolicyDenied;
        }

        flow.L4 = kind == 2
            ? new Layer4 { UDP = new UDP { SourcePort = (uint)random.Next(30000, 60000), DestinationPort = 53 } }
            : new Layer4
            {
                TCP = new TCP
                {
                    SourcePort = (uint)random.Next(30000, 60000),
                    DestinationPort = random.Next(2) == 0 ? 8080u : 443u,
                    Flags = new TCPFlags { SYN = random.Next(3) == 0, ACK = true, RST = random.Next(10) == 0 },
                },
            };
        if (kind == 2)
        {
            flow.L7 = new Layer7 { Type = L7FlowType.Request, Dns = new DNS { Query = "api.example.com.", Qtypes = { "A" } } };
        }
        else if (kind == 3)
        {
            flow.Type = FlowType.L7;
            flow.L7 = new Layer7
            {
                Type = L7FlowType.Response,
                Http = new HTTP { Code = (uint)(random.Next(5) == 0 ? 503 : 200), Method = "GET", Url = $"http://{dstApp}:8080/api/v1/items/{index}" },
            };
        }

        return flow;
    }
}
