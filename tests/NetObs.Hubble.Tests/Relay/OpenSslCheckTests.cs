using NetObs.Hubble.Relay;

namespace NetObs.Hubble.Tests.Relay;

public sealed class OpenSslCheckTests
{
    private const string AlpineOsRelease = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.21.3\n";

    [Fact]
    public void Alpine_without_a_glibc_openssl_names_the_image_and_the_fixes_without_loading_anything()
    {
        var system = new FakeSystem { Files = { ["/etc/alpine-release"] = "3.21.3\n", ["/usr/lib/libssl.so.3"] = "musl build" } };

        var problem = system.Check().Find();

        Assert.NotNull(problem);
        Assert.Contains("OpenSSL built for glibc", problem, StringComparison.Ordinal);
        Assert.Contains("Alpine Linux, musl", problem, StringComparison.Ordinal);
        Assert.Contains("/usr/glibc-compat/lib", problem, StringComparison.Ordinal);
        Assert.Contains("grafana/grafana:<version>-ubuntu", problem, StringComparison.Ordinal);
        Assert.Contains("without tls://", problem, StringComparison.Ordinal);
        Assert.Empty(system.Loaded);
    }

    [Theory]
    [InlineData("ID=alpine\n")]
    [InlineData("NAME=\"Alpine Linux\"\nID=\"alpine\"\n")]
    [InlineData("ID=postmarketos\nID_LIKE=\"alpine\"\n")]
    public void Os_release_of_alpine_or_a_derivative_counts_as_alpine(string osRelease)
    {
        var system = new FakeSystem { Files = { ["/etc/os-release"] = osRelease } };

        Assert.Contains("Alpine Linux, musl", system.Check().Find(), StringComparison.Ordinal);
        Assert.Empty(system.Loaded);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("1.1")]
    public void Alpine_with_a_glibc_libssl_and_libcrypto_in_glibc_compat_can_use_tls(string version)
    {
        var system = new FakeSystem
        {
            Files =
            {
                ["/etc/os-release"] = AlpineOsRelease,
                [$"/usr/glibc-compat/lib/libssl.so.{version}"] = "glibc build",
                [$"/usr/glibc-compat/lib/libcrypto.so.{version}"] = "glibc build",
            },
        };

        Assert.Null(system.Check().Find());
        Assert.Empty(system.Loaded);
    }

    [Fact]
    public void Alpine_with_a_glibc_libssl_but_no_libcrypto_cannot_use_tls()
    {
        var system = new FakeSystem { Files = { ["/etc/os-release"] = AlpineOsRelease, ["/usr/glibc-compat/lib/libssl.so.3"] = "glibc build" } };

        Assert.NotNull(system.Check().Find());
    }

    [Fact]
    public void Glibc_system_tries_the_libssl_names_in_dotnets_order_and_stops_at_the_first_that_loads()
    {
        var system = new FakeSystem { Files = { ["/etc/os-release"] = "ID=debian\n" }, Loadable = { "libssl.so.1.1" } };

        Assert.Null(system.Check().Find());
        Assert.Equal(["libssl.so.3", "libssl.so.1.1"], system.Loaded);
    }

    [Fact]
    public void Glibc_system_without_openssl_lists_what_was_tried_and_how_to_install_it()
    {
        var system = new FakeSystem { Files = { ["/etc/os-release"] = "ID=ubuntu\nID_LIKE=debian\n" } };

        var problem = system.Check().Find();

        Assert.Equal(["libssl.so.3", "libssl.so.1.1", "libssl.so.1.0.2", "libssl.so.1.0.0", "libssl.so.10", "libssl.so.11", "libssl.so.111"], system.Loaded);
        Assert.NotNull(problem);
        Assert.Contains("tried libssl.so.3, libssl.so.1.1,", problem, StringComparison.Ordinal);
        Assert.Contains("install OpenSSL 3 (libssl3", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("Alpine", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_override_is_tried_first_as_dotnet_does()
    {
        var system = new FakeSystem { VersionOverride = "1.0.2", Loadable = { "libssl.so.1.0.2" } };

        Assert.Null(system.Check().Find());
        Assert.Equal(["libssl.so.1.0.2"], system.Loaded);
    }

    [Fact]
    public void This_machine_has_a_usable_openssl()
    {
        // The tests run on a glibc system with OpenSSL, as the relay client's TLS tests need it.
        Assert.Null(OpenSslCheck.ForThisMachine().Find());
    }

    private sealed class FakeSystem
    {
        public Dictionary<string, string> Files { get; } = [];

        public HashSet<string> Loadable { get; } = [];

        public List<string> Loaded { get; } = [];

        public string? VersionOverride { get; init; }

        public OpenSslCheck Check() => new(
            Files.ContainsKey,
            path => Files.GetValueOrDefault(path),
            name =>
            {
                Loaded.Add(name);
                return Loadable.Contains(name);
            },
            VersionOverride);
    }
}
