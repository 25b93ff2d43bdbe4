using System.Globalization;
using System.Text;
using Cilium.Flow;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Filtering;

/// <summary>
/// Writes an <see cref="ObserveQuery"/> back as the canonical flag string: fixed flag order,
/// symmetric flags where the CLI would have split them, <c>--not</c> before each denied flag.
/// Filter lists that no flag combination produces (e.g. three filters, or <c>reply</c>) are
/// written as <c>--allowlist</c>/<c>--denylist</c> JSON, so parsing the output gives the same lists.
/// </summary>
public static class ObserveFilterFormatter
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    private static readonly DateTimeOffset CheckTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Renders the query as a flag string that parses back to the same lists and options.</summary>
    public static string Format(ObserveQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = new List<string>();
        words.AddRange(FormatList(query.Allowlist, deny: false));
        words.AddRange(FormatList(query.Denylist, deny: true));
        AddOptions(words, query.Options);
        return string.Join(' ', words);
    }

    private static List<string> FormatList(IReadOnlyList<FlowFilter> filters, bool deny)
    {
        if (filters.Count == 0)
        {
            return [];
        }

        var flags = TryFlags(filters);
        if (flags is not null)
        {
            var words = new List<string>();
            foreach (var (name, value) in flags)
            {
                if (deny)
                {
                    words.Add("--not");
                }

                words.Add(name);
                if (value is not null)
                {
                    words.Add(Quote(value));
                }
            }

            // Only keep the flag form if it really reproduces the lists; otherwise fall back to JSON.
            if (ParsesBackTo(string.Join(' ', words), filters, deny))
            {
                return words;
            }
        }

        var raw = new List<string>();
        foreach (var filter in filters)
        {
            raw.Add(deny ? "--denylist" : "--allowlist");
            raw.Add(Quote(Json.Format(filter)));
        }

        return raw;
    }

    private static bool ParsesBackTo(string text, IReadOnlyList<FlowFilter> filters, bool deny)
    {
        try
        {
            var parsed = ObserveFilterParser.Parse(text, CheckTime);
            var list = deny ? parsed.Denylist : parsed.Allowlist;
            return list.Count == filters.Count && list.Zip(filters).All(p => p.First.Equals(p.Second));
        }
        catch (FilterSyntaxException)
        {
            return false;
        }
    }

    private static List<(string Name, string? Value)>? TryFlags(IReadOnlyList<FlowFilter> filters)
    {
        var flags = new List<(string, string?)>();
        if (filters.Count == 1)
        {
            AddOneSided(flags, filters[0]);
            return flags;
        }

        if (filters.Count != 2)
        {
            return null;
        }

        var left = filters[0].Clone();
        var right = filters[1].Clone();
        AddSymmetric(flags, left, right);
        if (!left.Equals(right))
        {
            return null;
        }

        AddOneSided(flags, left);
        return flags;
    }

    private static void AddSymmetric(List<(string, string?)> flags, FlowFilter left, FlowFilter right)
    {
        // Namespaces first: "-n ns" puts "ns/" into the source pods on the left and destination pods on the right.
        if (Mirrors(left.SourcePod, right.DestinationPod, left.DestinationPod, right.SourcePod)
            && left.SourceService.Count == 0 && right.DestinationService.Count == 0
            && left.SourcePod.All(IsWholeNamespace))
        {
            foreach (var pod in left.SourcePod)
            {
                flags.Add(pod == "/" ? ("--all-namespaces", null) : ("--namespace", pod[..^1]));
            }

            left.SourcePod.Clear();
            right.DestinationPod.Clear();
        }

        MoveMirror(flags, "--pod", left.SourcePod, right.DestinationPod, left.DestinationPod, right.SourcePod, static v => v);
        MoveMirror(flags, "--ip", left.SourceIp, right.DestinationIp, left.DestinationIp, right.SourceIp, static v => v);
        MoveMirror(flags, "--fqdn", left.SourceFqdn, right.DestinationFqdn, left.DestinationFqdn, right.SourceFqdn, static v => v);
        MoveMirror(flags, "--label", left.SourceLabel, right.DestinationLabel, left.DestinationLabel, right.SourceLabel, static v => v);
        MoveMirror(flags, "--service", left.SourceService, right.DestinationService, left.DestinationService, right.SourceService, static v => v);
        MoveMirror(flags, "--port", left.SourcePort, right.DestinationPort, left.DestinationPort, right.SourcePort, static v => v);
        MoveMirror(flags, "--workload", left.SourceWorkload, right.DestinationWorkload, left.DestinationWorkload, right.SourceWorkload, ObserveValues.FormatWorkload);
        MoveMirror(flags, "--identity", left.SourceIdentity, right.DestinationIdentity, left.DestinationIdentity, right.SourceIdentity, ObserveValues.FormatIdentity);
    }

    private static bool Mirrors<T>(RepeatedField<T> leftSource, RepeatedField<T> rightDestination, RepeatedField<T> leftDestination, RepeatedField<T> rightSource) =>
        leftSource.Count > 0 && leftSource.Equals(rightDestination) && leftDestination.Count == 0 && rightSource.Count == 0;

    private static void MoveMirror<T>(
        List<(string, string?)> flags,
        string flag,
        RepeatedField<T> leftSource,
        RepeatedField<T> rightDestination,
        RepeatedField<T> leftDestination,
        RepeatedField<T> rightSource,
        Func<T, string> format)
    {
        if (!Mirrors(leftSource, rightDestination, leftDestination, rightSource))
        {
            return;
        }

        foreach (var value in leftSource)
        {
            flags.Add((flag, format(value)));
        }

        leftSource.Clear();
        rightDestination.Clear();
    }

    private static bool IsClusterPattern(string nodeName) =>
        nodeName.Length > 1 && nodeName.IndexOf('/', StringComparison.Ordinal) == nodeName.Length - 1;

    private static bool IsWholeNamespace(string pod) => pod.EndsWith('/') && pod.IndexOf('/', StringComparison.Ordinal) == pod.Length - 1;

    private static void AddOneSided(List<(string, string?)> flags, FlowFilter f)
    {
        AddEach(flags, "--uuid", f.Uuid);
        // "prod/" is what --cluster prod writes; the CLI refuses --cluster next to --node-name, so only a list of
        // such patterns alone reads back as --cluster.
        var clusters = f.NodeName.Count > 0 && f.NodeName.All(IsClusterPattern);
        foreach (var name in f.NodeName)
        {
            flags.Add(clusters ? ("--cluster", name[..^1]) : ("--node-name", name));
        }

        AddEach(flags, "--node-label", f.NodeLabels);
        AddEach(flags, "--from-cluster", f.SourceClusterName);
        AddEach(flags, "--to-cluster", f.DestinationClusterName);
        foreach (var verdict in f.Verdict)
        {
            flags.Add(("--verdict", ProtoEnumNames.NameOf(ProtoEnumNames.Verdict, (int)verdict)));
        }

        foreach (var reason in f.DropReasonDesc)
        {
            flags.Add(("--drop-reason-desc", ProtoEnumNames.NameOf(ProtoEnumNames.DropReason, (int)reason)));
        }

        foreach (var type in f.EventType)
        {
            flags.Add(("--type", ObserveValues.FormatEventType(type)));
        }

        AddEach(flags, "--protocol", f.Protocol);
        foreach (var tcpFlags in f.TcpFlags)
        {
            flags.Add(("--tcp-flags", ObserveValues.FormatTcpFlags(tcpFlags)));
        }

        AddNamespacedSide(flags, f.SourcePod, f.SourceService, "from");
        AddNamespacedSide(flags, f.DestinationPod, f.DestinationService, "to");
        AddEach(flags, "--from-ip", f.SourceIp);
        AddEach(flags, "--to-ip", f.DestinationIp);
        AddEach(flags, "--snat-ip", f.SourceIpXlated);
        AddEach(flags, "--from-fqdn", f.SourceFqdn);
        AddEach(flags, "--to-fqdn", f.DestinationFqdn);
        AddEach(flags, "--from-label", f.SourceLabel);
        AddEach(flags, "--to-label", f.DestinationLabel);
        AddEach(flags, "--from-port", f.SourcePort);
        AddEach(flags, "--to-port", f.DestinationPort);
        foreach (var workload in f.SourceWorkload)
        {
            flags.Add(("--from-workload", ObserveValues.FormatWorkload(workload)));
        }

        foreach (var workload in f.DestinationWorkload)
        {
            flags.Add(("--to-workload", ObserveValues.FormatWorkload(workload)));
        }

        foreach (var identity in f.SourceIdentity)
        {
            flags.Add(("--from-identity", ObserveValues.FormatIdentity(identity)));
        }

        foreach (var identity in f.DestinationIdentity)
        {
            flags.Add(("--to-identity", ObserveValues.FormatIdentity(identity)));
        }

        foreach (var direction in f.TrafficDirection)
        {
            flags.Add(("--traffic-direction", direction.ToString().ToLowerInvariant()));
        }

        AddEach(flags, "--http-status", f.HttpStatusCode);
        AddEach(flags, "--http-method", f.HttpMethod);
        AddEach(flags, "--http-path", f.HttpPath);
        AddEach(flags, "--http-url", f.HttpUrl);
        foreach (var header in f.HttpHeader)
        {
            flags.Add(("--http-header", $"{header.Key}:{header.Value}"));
        }

        AddEach(flags, "--trace-id", f.TraceId);
        foreach (var id in f.IpTraceId)
        {
            flags.Add(("--ip-trace-id", id.ToString(CultureInfo.InvariantCulture)));
        }

        foreach (var version in f.IpVersion)
        {
            flags.Add(version switch
            {
                IPVersion.Ipv4 => ("--ipv4", null),
                IPVersion.Ipv6 => ("--ipv6", null),
                _ => ("--ip-version", "none"),
            });
        }

        foreach (var networkInterface in f.Interface)
        {
            flags.Add(("--interface", networkInterface.Name));
        }

        foreach (var encrypted in f.Encrypted)
        {
            flags.Add((encrypted ? "--encrypted" : "--unencrypted", null));
        }

        if (f.Experimental is not null)
        {
            AddEach(flags, "--cel-expression", f.Experimental.CelExpression);
        }
    }

    private static void AddNamespacedSide(List<(string, string?)> flags, RepeatedField<string> pods, RepeatedField<string> services, string side)
    {
        if (services.Count == 0 && pods.Count > 0 && pods.All(IsWholeNamespace))
        {
            foreach (var pod in pods)
            {
                flags.Add(pod == "/" ? ($"--{side}-all-namespaces", null) : ($"--{side}-namespace", pod[..^1]));
            }

            return;
        }

        AddEach(flags, $"--{side}-pod", pods);
        AddEach(flags, $"--{side}-service", services);
    }

    private static void AddEach(List<(string, string?)> flags, string flag, RepeatedField<string> values)
    {
        foreach (var value in values)
        {
            flags.Add((flag, value));
        }
    }

    private static void AddOptions(List<string> words, ObserveOptions options)
    {
        if (options.Since is { } since)
        {
            words.Add("--since");
            words.Add(options.SinceAgo is { } ago ? ObserveTimeParser.FormatGoDuration(ago) : FormatTime(since));
        }

        if (options.Until is { } until)
        {
            words.Add("--until");
            words.Add(options.UntilAgo is { } ago ? ObserveTimeParser.FormatGoDuration(ago) : FormatTime(until));
        }

        if (options.First is { } first)
        {
            words.Add("--first");
            words.Add(first.ToString(CultureInfo.InvariantCulture));
        }

        if (options.Last is { } last)
        {
            if (last == ulong.MaxValue)
            {
                words.Add("--all");
            }
            else
            {
                words.Add("--last");
                words.Add(last.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (options.Follow)
        {
            words.Add("--follow");
        }
    }

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Quote(string value)
    {
        if (value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=+*,@%^".Contains(c, StringComparison.Ordinal)))
        {
            return value;
        }

        if (!value.Contains('\'', StringComparison.Ordinal))
        {
            return $"'{value}'";
        }

        var escaped = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.Append('"').ToString();
    }
}
