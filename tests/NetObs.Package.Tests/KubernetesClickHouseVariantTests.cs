using System.Text.RegularExpressions;
using NetObs.History.Options;
using NetObs.History.Storage.ClickHouse;
using NetObs.Testing.Tls;
using YamlDotNet.RepresentationModel;

namespace NetObs.Package.Tests;

/// <summary>
/// deploy/kubernetes/clickhouse/, the history server on ClickHouse, rendered as <c>kubectl apply -k</c> would: the
/// store argument netobs-history accepts once the kubelet has filled in the ConfigMap's and the secret's values, no
/// DuckDB claim or volume, credentials only from a secret outside the repository, and the base's Deployment otherwise.
/// </summary>
public sealed class KubernetesClickHouseVariantTests
{
    private const string RelayClientSecret = "hubble-relay-client-certs";
    private const string DuckDbFolder = "/var/lib/netobs-history";

    private static readonly string Root = Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes");

    private readonly List<YamlMappingNode> objects = KustomizeRenderer.Render(Path.Combine(Root, "clickhouse"));

    private YamlMappingNode Deployment => Named(objects, "Deployment", "netobs-history");

    private YamlMappingNode Pod => (YamlMappingNode)KubernetesManifests.Find(Deployment, "spec", "template", "spec")!;

    private YamlMappingNode Container => KubernetesManifests.Items(Pod, "containers").Single();

    [Fact]
    public void Store_is_a_ClickHouse_uri_netobs_history_accepts_once_the_kubelet_fills_in_the_secret()
    {
        // A password with characters the URI reserves, percent-encoded in the secret as the overlay asks.
        var secret = new Dictionary<string, string> { ["user"] = "netobs", ["password"] = "p%40ss%2Fw%3Ard" };
        using var mounts = new ContainerPaths();
        var mountFolders = KubernetesManifests.Items(Container, "volumeMounts")
            .ToDictionary(m => KubernetesManifests.Text(m, "name")!, m => mounts.Mount(KubernetesManifests.Text(m, "mountPath")!));
        var secretVolume = KubernetesManifests.Items(Pod, "volumes").Single(v => KubernetesManifests.Text(v, "secret", "secretName") == RelayClientSecret);
        var secretFolder = mountFolders[KubernetesManifests.Text(secretVolume, "name")!];
        using (var certificates = new TestCertificates("hubble-ca.cilium.io"))
        {
            File.WriteAllText(Path.Combine(secretFolder, "ca.crt"), certificates.CaPem);
            File.WriteAllText(Path.Combine(secretFolder, "tls.crt"), certificates.ClientCertificatePem);
            File.WriteAllText(Path.Combine(secretFolder, "tls.key"), certificates.ClientKeyPem);
        }

        var args = ExpandedArguments(secret);
        var options = HistoryOptionsParser.Parse(mounts.Rewrite(args))!;

        Assert.Equal(StoreKind.ClickHouse, options.Store.Kind);
        var store = ClickHouseStoreUri.Parse(options.Store.Uri);
        Assert.Equal(["clickhouse.netobs.svc:8123"], store.Hosts);
        Assert.Equal("netobs", store.Database);
        Assert.Equal("netobs", store.User);
        Assert.Equal("p@ss/w:rd", store.Password);
        // The relay's client certificate is still mounted and used.
        Assert.StartsWith("tls://hubble-relay.kube-system.svc:", Assert.Single(options.Relays).Address, StringComparison.Ordinal);
        Assert.NotNull(options.Tls.CaCertificatePem);
        Assert.NotNull(options.Tls.ClientCertificatePem);
        Assert.Equal("instance.hubble-relay.cilium.io", options.Tls.ServerName);
        Assert.NotNull(options.Retention);
    }

    [Fact]
    public void No_DuckDB_claim_volume_or_mount_is_left()
    {
        Assert.DoesNotContain(objects, o => KubernetesManifests.Text(o, "kind") == "PersistentVolumeClaim");
        Assert.DoesNotContain(KubernetesManifests.Items(Pod, "volumes"), v => KubernetesManifests.Find(v, "persistentVolumeClaim") is not null);
        Assert.DoesNotContain(KubernetesManifests.Items(Container, "volumeMounts"), m => KubernetesManifests.Text(m, "mountPath") == DuckDbFolder);
        Assert.DoesNotContain(KubernetesManifests.Strings(Container, "args"), a => a.Contains("duckdb:", StringComparison.Ordinal));
        // Every mount has its volume and every volume a mount: the pod would not start otherwise.
        Assert.Equal(
            KubernetesManifests.Items(Pod, "volumes").Select(v => KubernetesManifests.Text(v, "name")).Order(StringComparer.Ordinal),
            KubernetesManifests.Items(Container, "volumeMounts").Select(m => KubernetesManifests.Text(m, "name")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Credentials_come_only_from_a_secret_that_is_not_in_the_repository()
    {
        var env = KubernetesManifests.Items(Container, "env");
        var store = KubernetesManifests.Strings(Container, "args").SkipWhile(a => a != "--store").ElementAt(1);
        var userInfo = Regex.Match(store, "^clickhouse://([^@/]*)@");
        var server = KubernetesManifests.Text(Named(objects, "ConfigMap", "netobs-history-clickhouse"), "data", "server")!;

        Assert.DoesNotContain(objects, o => KubernetesManifests.Text(o, "kind") == "Secret");
        Assert.All(env, e => Assert.Null(KubernetesManifests.Find(e, "value")));
        Assert.True(userInfo.Success, $"--store {store} names no user and password");
        var references = Regex.Matches(userInfo.Groups[1].Value, @"\$\(([A-Za-z_][A-Za-z0-9_]*)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(userInfo.Groups[1].Value, string.Join(':', references.Select(r => $"$({r})")));
        Assert.Equal(["password", "user"], references
            .Select(r => env.Single(e => KubernetesManifests.Text(e, "name") == r))
            .Select(e => KubernetesManifests.Text(e, "valueFrom", "secretKeyRef", "key")!)
            .Order(StringComparer.Ordinal));
        // The ConfigMap, which anyone who may read kube-system's ConfigMaps sees, holds no credentials.
        var uri = ClickHouseStoreUri.Parse(ClickHouseStoreUri.Scheme + server);
        Assert.Null(uri.User);
        Assert.Null(uri.Password);
    }

    [Fact]
    public void Everything_but_the_store_is_the_base()
    {
        var base_ = KustomizeRenderer.Render(Root);
        var expected = Named(base_, "Deployment", "netobs-history");
        var actual = Named(objects, "Deployment", "netobs-history");
        var expectedPod = (YamlMappingNode)KubernetesManifests.Find(expected, "spec", "template", "spec")!;
        var expectedContainer = KubernetesManifests.Items(expectedPod, "containers").Single();
        var storeAt = KubernetesManifests.Strings(expectedContainer, "args").ToList().IndexOf("--store") + 1;

        // What the variant is meant to change, taken out of both; the rest (one replica with Recreate, since two
        // servers following one relay would store its flows twice; probes, resources, security context, the relay's
        // certificate secret) must stay as the base has it.
        ((YamlSequenceNode)expectedContainer.Children["args"]).Children[storeAt] = ((YamlSequenceNode)Container.Children["args"]).Children[storeAt];
        Container.Children.Remove("env");
        var volumes = (YamlSequenceNode)expectedPod.Children["volumes"];
        var mounts = (YamlSequenceNode)expectedContainer.Children["volumeMounts"];
        volumes.Children.Remove(volumes.Children.Single(v => KubernetesManifests.Find(v, "persistentVolumeClaim") is not null));
        mounts.Children.Remove(mounts.Children.Single(m => KubernetesManifests.Text(m, "mountPath") == DuckDbFolder));

        Assert.Equal(KubernetesYaml.Text(expected), KubernetesYaml.Text(actual));
        Assert.Equal(KubernetesYaml.Text(Named(base_, "Service", "netobs-history")), KubernetesYaml.Text(Named(objects, "Service", "netobs-history")));
        Assert.Equal(
            ["ConfigMap", "Deployment", "Service"],
            objects.Select(o => KubernetesManifests.Text(o, "kind")!).Order(StringComparer.Ordinal));
        Assert.All(objects, o => Assert.Equal("kube-system", KubernetesManifests.Text(o, "metadata", "namespace")));
    }

    /// <summary>The container's arguments with <c>$(NAME)</c> replaced by its env values, as the kubelet does.</summary>
    private List<string> ExpandedArguments(IReadOnlyDictionary<string, string> secret)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in KubernetesManifests.Items(Container, "env"))
        {
            var name = KubernetesManifests.Text(e, "name")!;
            if (KubernetesManifests.Find(e, "valueFrom", "configMapKeyRef") is { } configMapRef)
            {
                var configMap = Named(objects, "ConfigMap", KubernetesManifests.Text(configMapRef, "name")!);
                values[name] = KubernetesManifests.Text(configMap, "data", KubernetesManifests.Text(configMapRef, "key")!)!;
            }
            else if (KubernetesManifests.Text(e, "valueFrom", "secretKeyRef", "key") is { } key)
            {
                values[name] = secret[key];
            }
        }

        // An unknown name stays as written, as the kubelet leaves it.
        return KubernetesManifests.Strings(Container, "args")
            .Select(a => Regex.Replace(a, @"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", m => values.GetValueOrDefault(m.Groups[1].Value, m.Value)))
            .ToList();
    }

    private static YamlMappingNode Named(IEnumerable<YamlMappingNode> objects, string kind, string name) =>
        objects.Single(o => KubernetesManifests.Text(o, "kind") == kind && KubernetesManifests.Text(o, "metadata", "name") == name);
}
