using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>
/// The simulated cluster: nodes, namespaces, workloads, pods, services and the reserved identities.
/// Fixed for a given node count so that flows, filters and dashboards can name real-looking things.
/// </summary>
public sealed class ClusterModel
{
    // (namespace, workload, kind, replicas, app label key, service account)
    private static readonly (string Namespace, string Workload, string Kind, int Replicas, string AppKey)[] Workloads =
    [
        ("kube-system", "coredns", "Deployment", 2, "k8s-app"),
        ("kube-system", "metrics-server", "Deployment", 1, "k8s-app"),
        ("kube-system", "hubble-relay", "Deployment", 1, "k8s-app"),
        ("pets", "store-front", "Deployment", 2, "app"),
        ("pets", "order-service", "Deployment", 1, "app"),
        ("pets", "product-service", "Deployment", 3, "app"),
        ("pets", "makeline-service", "Deployment", 1, "app"),
        ("pets", "virtual-customer", "Deployment", 1, "app"),
        ("pets", "virtual-worker", "Deployment", 1, "app"),
        ("pets", "store-admin", "Deployment", 1, "app"),
        ("pets", "rabbitmq", "StatefulSet", 1, "app"),
        ("pets", "mongodb", "StatefulSet", 1, "app"),
        ("shop", "frontend", "Deployment", 2, "app"),
        ("shop", "catalog", "Deployment", 2, "app"),
        ("shop", "payment-gateway", "Deployment", 1, "app"),
        ("shop", "orders", "Deployment", 2, "app"),
        ("shop", "kafka", "StatefulSet", 3, "app"),
        ("banking", "web-frontend", "Deployment", 2, "app"),
        ("banking", "api-gateway", "Deployment", 1, "app"),
        ("banking", "accounts-api", "Deployment", 2, "app"),
        ("monitoring", "prometheus", "StatefulSet", 1, "app.kubernetes.io/name"),
        ("monitoring", "grafana", "Deployment", 1, "app.kubernetes.io/name"),
        ("ingress-nginx", "ingress-nginx-controller", "Deployment", 2, "app.kubernetes.io/name"),
    ];

    private readonly Dictionary<(string Namespace, string Workload), SimulatedPod[]> _pods = [];
    private readonly Dictionary<(string Namespace, string Name), (Service Service, string Ip)> _services = [];

    public ClusterModel(int nodeCount, string clusterName)
    {
        ClusterName = clusterName;
        Nodes = Enumerable.Range(0, nodeCount)
            .Select(i => new SimulatedNode(i, $"aks-nodepool1-38517214-vmss{i:D6}", clusterName))
            .ToArray();

        var podIndex = 0;
        var perNodeHost = new int[nodeCount];
        var identity = 10_000u;
        var serviceHost = 10;
        foreach (var (ns, workload, kind, replicas, appKey) in Workloads)
        {
            identity += 13;
            var labels = new[]
            {
                $"k8s:{appKey}={(workload == "coredns" ? "kube-dns" : workload)}",
                $"k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name={ns}",
                $"k8s:io.cilium.k8s.policy.cluster={clusterName}",
                $"k8s:io.cilium.k8s.policy.serviceaccount={workload}",
                $"k8s:io.kubernetes.pod.namespace={ns}",
            };
            var replicaSetHash = Suffix(ns + workload, 10);
            var pods = new SimulatedPod[replicas];
            for (var r = 0; r < replicas; r++)
            {
                var node = Nodes[podIndex % nodeCount];
                var host = 10 + perNodeHost[node.Index]++;
                var name = kind == "StatefulSet" ? $"{workload}-{r}" : $"{workload}-{replicaSetHash}-{Suffix(ns + workload + r, 5)}";
                var endpoint = new Endpoint
                {
                    ID = (uint)(211 + (podIndex * 97 % 3800)),
                    Identity = identity,
                    ClusterName = clusterName,
                    Namespace = ns,
                    PodName = name,
                    Workloads = { new Workload { Name = workload, Kind = kind } },
                };
                endpoint.Labels.AddRange(labels);
                pods[r] = new SimulatedPod
                {
                    Namespace = ns,
                    Name = name,
                    Workload = workload,
                    WorkloadKind = kind,
                    App = workload,
                    Node = node,
                    Ip = node.PodCidrPrefix + host,
                    Endpoint = endpoint,
                    Interface = new NetworkInterface { Index = (uint)(20 + podIndex), Name = "lxc" + Suffix(name, 8) },
                };
                podIndex++;
            }

            _pods[(ns, workload)] = pods;
            var serviceName = workload == "coredns" ? "kube-dns" : workload;
            var serviceIp = workload == "coredns" ? "10.0.0.10" : $"10.0.{serviceHost / 250}.{10 + (serviceHost % 240)}";
            serviceHost += 37;
            _services[(ns, serviceName)] = (new Service { Name = serviceName, Namespace = ns }, serviceIp);
        }

        _services[("pets", "recommendation")] = (new Service { Name = "recommendation", Namespace = "pets" }, "10.0.3.77");
        _services[("default", "kubernetes")] = (new Service { Name = "kubernetes", Namespace = "default" }, "10.0.0.1");
        AllPods = _pods.Values.SelectMany(p => p).ToArray();
    }

    public string ClusterName { get; }

    public IReadOnlyList<SimulatedNode> Nodes { get; }

    public IReadOnlyList<SimulatedPod> AllPods { get; }

    /// <summary>Reserved identity 2 (hubble-api.md §4.3 identity names).</summary>
    public Endpoint World { get; } = new() { Identity = 2, Labels = { "reserved:world" } };

    /// <summary>Reserved identity 7.</summary>
    public Endpoint KubeApiserver { get; } = new() { Identity = 7, Labels = { "reserved:kube-apiserver" } };

    public string KubeApiserverIp => "20.62.144.17";

    public IReadOnlyList<SimulatedPod> PodsOf(string ns, string workload) =>
        _pods.TryGetValue((ns, workload), out var pods)
            ? pods
            : throw new ArgumentException($"the cluster model has no workload '{ns}/{workload}'", nameof(workload));

    public SimulatedPod Pod(string ns, string workload, int replica = 0) => PodsOf(ns, workload)[replica];

    public Service Service(string ns, string name) => _services[(ns, name)].Service;

    public string ServiceIp(string ns, string name) => _services[(ns, name)].Ip;

    /// <summary>Kubernetes-style random-looking suffix, fixed per input so names are stable across runs.</summary>
    private static string Suffix(string input, int length)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var hash = 14695981039346656037UL;
        foreach (var c in input)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            hash = (hash ^ (hash >> 29)) * 0xBF58476D1CE4E5B9UL;
            chars[i] = alphabet[(int)(hash % (ulong)alphabet.Length)];
        }

        return new string(chars);
    }
}
