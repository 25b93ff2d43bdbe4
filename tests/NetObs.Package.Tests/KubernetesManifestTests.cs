using NetObs.History.Options;
using NetObs.Testing.Tls;
using YamlDotNet.RepresentationModel;

namespace NetObs.Package.Tests;

/// <summary>
/// deploy/kubernetes/base/ (what deploy/kubernetes/ applies) cannot be applied here; its objects are read as YAML and checked against each other and against
/// netobs-history's own options parser: the arguments parse, the files they name are the mounted secret's keys and the
/// persistent volume's, and the ports, probes, names and the security context agree.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string RelayClientSecret = "hubble-relay-client-certs";

    private readonly KubernetesManifests manifests = new(Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes", "base"));

    private YamlMappingNode Deployment => manifests.Named("Deployment", "netobs-history");

    private YamlMappingNode Pod => (YamlMappingNode)KubernetesManifests.Find(Deployment, "spec", "template", "spec")!;

    private YamlMappingNode Container => KubernetesManifests.Items(Pod, "containers").Single();

    [Fact]
    public void Every_object_goes_into_kube_system_and_kustomize_lists_every_file()
    {
        var kustomization = manifests.Documents.Single(d => d.File == "kustomization.yaml").Root;
        var objectFiles = manifests.Documents.Where(d => d.File != "kustomization.yaml").Select(d => d.File).Distinct();

        Assert.Equal(objectFiles.Order(StringComparer.Ordinal), KubernetesManifests.Strings(kustomization, "resources").Order(StringComparer.Ordinal));
        Assert.Equal("kube-system", KubernetesManifests.Text(kustomization, "namespace"));
        Assert.All(manifests.Objects, o => Assert.Equal("kube-system", KubernetesManifests.Text(o, "metadata", "namespace")));
        Assert.Equal(["Deployment", "PersistentVolumeClaim", "Service"], manifests.Objects.Select(o => KubernetesManifests.Text(o, "kind")!).Order(StringComparer.Ordinal));
        // `kubectl apply -k deploy/kubernetes/` applies the base as it is.
        Assert.Equal(
            manifests.Objects.Select(KubernetesYaml.Text).Order(StringComparer.Ordinal),
            KustomizeRenderer.Render(Path.GetDirectoryName(manifests.Folder)!).Select(KubernetesYaml.Text).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Arguments_are_accepted_by_netobs_history_with_the_mounted_secret_and_volume()
    {
        using var mounts = new ContainerPaths();
        var mountFolders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in KubernetesManifests.Items(Container, "volumeMounts"))
        {
            mountFolders[KubernetesManifests.Text(mount, "name")!] = mounts.Mount(KubernetesManifests.Text(mount, "mountPath")!);
        }

        // The secret's keys become files of its mount, as the kubelet writes them; cert-manager and Cilium's Helm chart
        // both store kubernetes.io/tls secrets with ca.crt, tls.crt and tls.key.
        var secretVolume = KubernetesManifests.Items(Pod, "volumes").Single(v => KubernetesManifests.Text(v, "secret", "secretName") == RelayClientSecret);
        var secretFolder = mountFolders[KubernetesManifests.Text(secretVolume, "name")!];
        var items = KubernetesManifests.Items(secretVolume, "secret", "items");
        Assert.Equal(["ca.crt", "tls.crt", "tls.key"], items.Select(i => KubernetesManifests.Text(i, "key")!).Order(StringComparer.Ordinal));
        WriteClientCertificate(items.ToDictionary(i => KubernetesManifests.Text(i, "key")!, i => Path.Combine(secretFolder, KubernetesManifests.Text(i, "path")!)));

        var options = HistoryOptionsParser.Parse(mounts.Rewrite(KubernetesManifests.Strings(Container, "args")))!;

        var relay = Assert.Single(options.Relays);
        Assert.StartsWith("tls://hubble-relay.kube-system.svc:", relay.Address, StringComparison.Ordinal);
        Assert.True(options.Tls.Enabled);
        Assert.NotNull(options.Tls.CaCertificatePem);
        Assert.NotNull(options.Tls.ClientCertificatePem);
        Assert.Equal("instance.hubble-relay.cilium.io", options.Tls.ServerName);
        Assert.False(options.Tls.AllowInsecure);
        Assert.Equal(StoreKind.DuckDb, options.Store.Kind);
        var dataVolume = KubernetesManifests.Items(Pod, "volumes").Single(v => KubernetesManifests.Find(v, "persistentVolumeClaim") is not null);
        Assert.Equal(mountFolders[KubernetesManifests.Text(dataVolume, "name")!], Path.GetDirectoryName(options.Store.FilePath));
        Assert.NotNull(options.Retention);
        Assert.Equal("0.0.0.0", options.Listen.Address.ToString());
    }

    [Fact]
    public void Service_probes_and_listen_address_use_one_port_4246()
    {
        var listen = KubernetesManifests.Strings(Container, "args").SkipWhile(a => a != "--listen").ElementAt(1);
        var port = int.Parse(listen[(listen.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var containerPort = KubernetesManifests.Items(Container, "ports").Single();
        var servicePort = KubernetesManifests.Items(manifests.Named("Service", "netobs-history"), "spec", "ports").Single();

        Assert.Equal(HistoryOptions.DefaultPort, port);
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), KubernetesManifests.Text(containerPort, "containerPort"));
        Assert.Equal("4246", KubernetesManifests.Text(servicePort, "port"));
        Assert.Equal(KubernetesManifests.Text(containerPort, "name"), KubernetesManifests.Text(servicePort, "targetPort"));
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            // grpc.health.v1 is served on the API port (history/NetObs.History/Hosting/HistoryHost.cs).
            Assert.Equal(KubernetesManifests.Text(containerPort, "containerPort"), KubernetesManifests.Text(Container, probe, "grpc", "port"));
        }
    }

    [Fact]
    public void Service_selects_the_pods_and_the_claim_and_secret_are_the_ones_mounted()
    {
        var podLabels = (YamlMappingNode)KubernetesManifests.Find(Deployment, "spec", "template", "metadata", "labels")!;
        var selector = (YamlMappingNode)KubernetesManifests.Find(manifests.Named("Service", "netobs-history"), "spec", "selector")!;
        var claim = KubernetesManifests.Items(Pod, "volumes").Select(v => KubernetesManifests.Text(v, "persistentVolumeClaim", "claimName")).Single(c => c is not null);
        var mountNames = KubernetesManifests.Items(Container, "volumeMounts").Select(m => KubernetesManifests.Text(m, "name")).ToList();
        var volumeNames = KubernetesManifests.Items(Pod, "volumes").Select(v => KubernetesManifests.Text(v, "name")).ToList();

        Assert.All(selector.Children, label => Assert.Equal(label.Value.ToString(), podLabels.Children[label.Key].ToString()));
        Assert.Equal("ReadWriteOnce", KubernetesManifests.Strings(manifests.Named("PersistentVolumeClaim", claim!), "spec", "accessModes").Single());
        Assert.Equal(volumeNames.Order(StringComparer.Ordinal), mountNames.Order(StringComparer.Ordinal));
        // One writer per DuckDB file: never two pods at once, not even during a rollout.
        Assert.Equal("1", KubernetesManifests.Text(Deployment, "spec", "replicas"));
        Assert.Equal("Recreate", KubernetesManifests.Text(Deployment, "spec", "strategy", "type"));
        var secretVolume = KubernetesManifests.Items(Pod, "volumes").Single(v => KubernetesManifests.Text(v, "secret", "secretName") == RelayClientSecret);
        var secretMount = KubernetesManifests.Items(Container, "volumeMounts").Single(m => KubernetesManifests.Text(m, "name") == KubernetesManifests.Text(secretVolume, "name"));
        Assert.Equal("true", KubernetesManifests.Text(secretMount, "readOnly"));
    }

    [Fact]
    public void Pod_runs_as_non_root_without_privileges_and_with_bounded_memory()
    {
        Assert.Equal("true", KubernetesManifests.Text(Pod, "securityContext", "runAsNonRoot"));
        Assert.NotEqual("0", KubernetesManifests.Text(Pod, "securityContext", "runAsUser"));
        Assert.NotNull(KubernetesManifests.Text(Pod, "securityContext", "fsGroup"));
        Assert.Equal("false", KubernetesManifests.Text(Container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("true", KubernetesManifests.Text(Container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal(["ALL"], KubernetesManifests.Strings(Container, "securityContext", "capabilities", "drop"));
        Assert.NotNull(KubernetesManifests.Text(Container, "resources", "requests", "cpu"));
        Assert.NotNull(KubernetesManifests.Text(Container, "resources", "requests", "memory"));
        Assert.NotNull(KubernetesManifests.Text(Container, "resources", "limits", "memory"));
    }

    /// <summary>A CA and a client certificate signed by it, written where the secret's keys go.</summary>
    private static void WriteClientCertificate(IReadOnlyDictionary<string, string> files)
    {
        using var certificates = new TestCertificates("hubble-ca.cilium.io");
        File.WriteAllText(files["ca.crt"], certificates.CaPem);
        File.WriteAllText(files["tls.crt"], certificates.ClientCertificatePem);
        File.WriteAllText(files["tls.key"], certificates.ClientKeyPem);
    }
}
