using System.Globalization;
using Cilium.Flow;
using NetObs.History.Storage;
using NetObs.Hubble.Evaluation;

namespace NetObs.History.Sql;

/// <summary>
/// Translates Hubble's allow and deny lists into a WHERE condition with FlowFilterEvaluator's semantics (fields AND,
/// values OR, filters of a list OR, deny negated). A field without an exact SQL form is left out of its filter, which
/// widens that filter: an allow filter then selects a superset, and a deny filter that is not exact is left out of SQL
/// altogether; either way the condition is marked inexact so the store evaluates the filters on the candidates.
/// </summary>
/// <param name="dialect">The engine's SQL spelling.</param>
/// <param name="columns">
/// The columns the condition may read, for a table that holds only some of the flows table's columns (a rollup); null
/// for all. Only <see cref="TranslateExact"/> may be used with a restriction.
/// </param>
/// <param name="labelSets">
/// For a store that keeps endpoint labels as sets of their own: source and destination label filters then narrow the
/// rows to those whose sets can match (still evaluated in process). Without it they are left to the process alone.
/// </param>
public sealed class FlowFilterSqlTranslator(ISqlDialect dialect, IReadOnlySet<FlowColumn>? columns = null, ILabelSetIndex? labelSets = null)
{
    private const string True = "(1 = 1)";
    private const string False = "(1 = 0)";
    private const int DroppedVerdict = (int)Verdict.Dropped;
    private const int AccessLogEventType = 129;

    /// <summary>The condition for time range, clusters and filters of a read.</summary>
    /// <exception cref="InvalidFlowFilterException">A filter is invalid, as Hubble would reject it.</exception>
    public FlowSqlCondition Translate(FlowReadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = new List<string>();
        if (request.SinceNs > 0)
        {
            parts.Add($"{Column(FlowColumns.TimeNs)} >= {request.SinceNs.ToString(CultureInfo.InvariantCulture)}");
        }

        if (request.UntilNs < long.MaxValue)
        {
            parts.Add($"{Column(FlowColumns.TimeNs)} <= {request.UntilNs.ToString(CultureInfo.InvariantCulture)}");
        }

        if (request.Clusters.Count > 0)
        {
            parts.Add(InStrings(Column(FlowColumns.Cluster), request.Clusters));
        }

        var filters = Translate(request.Allow, request.Deny);
        parts.Add(filters.Sql);
        return new FlowSqlCondition(string.Join(" AND ", parts), filters.Exact);
    }

    /// <summary>The condition for allow and deny lists alone.</summary>
    /// <exception cref="InvalidFlowFilterException">A filter is invalid, as Hubble would reject it.</exception>
    public FlowSqlCondition Translate(IReadOnlyList<FlowFilter> allow, IReadOnlyList<FlowFilter> deny)
    {
        // Compiling first rejects what Hubble rejects, with the evaluator's messages, before any SQL is built.
        FlowFilterEvaluator.Compile(allow, deny);

        var exact = true;
        var parts = new List<string>();
        if (allow.Count > 0)
        {
            var alternatives = new List<string>(allow.Count);
            foreach (var filter in allow)
            {
                var condition = TranslateFilter(filter);
                exact &= condition.Exact;
                alternatives.Add(condition.Sql);
            }

            parts.Add(Or(alternatives));
        }

        foreach (var filter in deny)
        {
            var condition = TranslateFilter(filter);
            if (condition.Exact)
            {
                parts.Add($"NOT {condition.Sql}");
            }
            else
            {
                exact = false;
            }
        }

        return new FlowSqlCondition(parts.Count == 0 ? True : string.Join(" AND ", parts), exact);
    }

    /// <summary>
    /// The condition for allow and deny lists when SQL decides them exactly and reads only the translator's columns;
    /// null when a filter needs a column the table lacks or runs in process.
    /// </summary>
    /// <exception cref="InvalidFlowFilterException">A filter is invalid, as Hubble would reject it.</exception>
    public FlowSqlCondition? TranslateExact(IReadOnlyList<FlowFilter> allow, IReadOnlyList<FlowFilter> deny)
    {
        try
        {
            var condition = Translate(allow, deny);
            return condition.Exact ? condition : null;
        }
        catch (ColumnNotAvailableException)
        {
            return null;
        }
    }

    private FlowSqlCondition TranslateFilter(FlowFilter filter)
    {
        var fields = new FieldConditions();

        fields.Untranslated(filter.Uuid.Count);
        Ips(fields, filter.SourceIp, FlowColumns.SourceIp);
        fields.Untranslated(filter.SourceIpXlated.Count);
        Ips(fields, filter.DestinationIp, FlowColumns.DestinationIp);

        NamespacedNames(fields, filter.SourcePod, FlowColumns.SourceNamespace, FlowColumns.SourcePod);
        NamespacedNames(fields, filter.DestinationPod, FlowColumns.DestinationNamespace, FlowColumns.DestinationPod);
        fields.Untranslated(filter.SourceService.Count + filter.DestinationService.Count);
        fields.Untranslated(filter.SourceFqdn.Count + filter.DestinationFqdn.Count);
        Labels(fields, filter.SourceLabel, source: true);
        Labels(fields, filter.DestinationLabel, source: false);
        fields.Untranslated(filter.NodeLabels.Count);

        Workloads(fields, filter.SourceWorkload, FlowColumns.SourceWorkloads, FlowColumns.SourceWorkloadKinds);
        Workloads(fields, filter.DestinationWorkload, FlowColumns.DestinationWorkloads, FlowColumns.DestinationWorkloadKinds);

        if (filter.SourceClusterName.Count > 0)
        {
            fields.Add(InStrings(Column(FlowColumns.SourceCluster), filter.SourceClusterName));
        }

        if (filter.DestinationClusterName.Count > 0)
        {
            fields.Add(InStrings(Column(FlowColumns.DestinationCluster), filter.DestinationClusterName));
        }

        if (filter.SourceIdentity.Count > 0)
        {
            fields.Add(InNumbers(Column(FlowColumns.SourceIdentity), filter.SourceIdentity.Select(i => (long)i)));
        }

        if (filter.DestinationIdentity.Count > 0)
        {
            fields.Add(InNumbers(Column(FlowColumns.DestinationIdentity), filter.DestinationIdentity.Select(i => (long)i)));
        }

        if (filter.TrafficDirection.Count > 0)
        {
            fields.Add(InNumbers(Column(FlowColumns.TrafficDirection), filter.TrafficDirection.Select(d => (long)d)));
        }

        if (filter.Verdict.Count > 0)
        {
            fields.Add(InNumbers(Column(FlowColumns.Verdict), filter.Verdict.Select(v => (long)v)));
        }

        if (filter.DropReasonDesc.Count > 0)
        {
            fields.Add($"({Column(FlowColumns.Verdict)} = {DroppedVerdict} AND {InNumbers(Column(FlowColumns.DropReason), filter.DropReasonDesc.Select(r => (long)r))})");
        }

        fields.Untranslated(filter.Interface.Count);
        EventTypes(fields, filter.EventType);
        Http(fields, filter);
        Protocols(fields, filter.Protocol);
        Ports(fields, filter.SourcePort, FlowColumns.SourcePort);
        Ports(fields, filter.DestinationPort, FlowColumns.DestinationPort);
        Reply(fields, filter.Reply);

        if (filter.DnsQuery.Count > 0)
        {
            // The regular expressions run in process (RE2 syntax through .NET); SQL keeps only DNS flows.
            fields.AddSuperset($"{Column(FlowColumns.L7Protocol)} = 1");
        }

        TcpFlags(fields, filter.TcpFlags);
        if (filter.NodeName.Count > 0)
        {
            // The node column holds flow.node_name (the relay copies it into the response, hubble-api.md §5.3), and
            // --cluster is a node-name pattern, so the cluster column, which a follower fills with its relay's
            // configured name, is not what the filter reads.
            fields.Add(dialect.FullRegexMatch(Column(FlowColumns.Node), NodeNameRegex.Of(filter.NodeName)));
        }

        if (filter.IpVersion.Count > 0)
        {
            fields.Add(InNumbers(Column(FlowColumns.IpVersion), filter.IpVersion.Select(v => (long)v)));
        }

        fields.Untranslated(filter.TraceId.Count + filter.IpTraceId.Count + filter.Encrypted.Count);
        return fields.ToCondition();
    }

    private void Ips(FieldConditions fields, IReadOnlyList<string> values, FlowColumn<string> column)
    {
        if (values.Count == 0)
        {
            return;
        }

        // Plain addresses are compared as text, exactly as Hubble does; CIDRs are matched in process.
        if (values.Any(v => v.Contains('/', StringComparison.Ordinal)))
        {
            fields.Untranslated(1);
            return;
        }

        fields.Add(InStrings(Column(column), values));
    }

    private void Labels(FieldConditions fields, IReadOnlyList<string> selectors, bool source)
    {
        if (selectors.Count == 0)
        {
            return;
        }

        // A table with only some columns (a rollup) has no label sets.
        if (labelSets is null || columns is not null)
        {
            fields.Untranslated(selectors.Count);
            return;
        }

        // The evaluator's own selectors, so the sets that match are the ones it would match (Compile checked them).
        var parsed = selectors.Select(LabelSelector.Parse).ToArray();
        if (labelSets.Candidates(source, labels => parsed.Any(s => s.Matches(labels))) is { } candidates)
        {
            fields.AddSuperset(candidates);
        }
        else
        {
            fields.Untranslated(selectors.Count);
        }
    }

    private void NamespacedNames(FieldConditions fields, IReadOnlyList<string> values, FlowColumn<string> namespaceColumn, FlowColumn<string> nameColumn)
    {
        if (values.Count == 0)
        {
            return;
        }

        var ns = Column(namespaceColumn);
        var name = Column(nameColumn);
        var alternatives = new List<string>(values.Count);
        foreach (var value in values)
        {
            var slash = value.IndexOf('/', StringComparison.Ordinal);
            var (filterNs, prefix) = slash < 0 ? ("default", value) : (slash == 0 ? null : value[..slash], value[(slash + 1)..]);
            var nsCondition = filterNs is null ? True : $"{ns} = {dialect.StringLiteral(filterNs)}";
            alternatives.Add($"({nsCondition} AND {dialect.StartsWith(name, prefix)})");
        }

        // Endpoints with neither namespace nor name never match, even an "any namespace, any name" filter.
        fields.Add($"(NOT ({ns} = '' AND {name} = '') AND {Or(alternatives)})");
    }

    private void Workloads(FieldConditions fields, IReadOnlyList<Workload> values, FlowColumn<IReadOnlyList<string>> names, FlowColumn<IReadOnlyList<string>> kinds)
    {
        if (values.Count == 0)
        {
            return;
        }

        var exact = true;
        var alternatives = new List<string>(values.Count);
        foreach (var workload in values)
        {
            if (workload.Name.Length == 0 && workload.Kind.Length == 0)
            {
                alternatives.Add($"{dialect.ListLength(Column(names))} > 0");
            }
            else if (workload.Kind.Length == 0)
            {
                alternatives.Add(dialect.ListContains(Column(names), dialect.StringLiteral(workload.Name)));
            }
            else if (workload.Name.Length == 0)
            {
                alternatives.Add(dialect.ListContains(Column(kinds), dialect.StringLiteral(workload.Kind)));
            }
            else
            {
                // Name and kind must belong to the same workload; the two lists only tell that both occur.
                exact = false;
                alternatives.Add($"({dialect.ListContains(Column(names), dialect.StringLiteral(workload.Name))} AND {dialect.ListContains(Column(kinds), dialect.StringLiteral(workload.Kind))})");
            }
        }

        if (exact)
        {
            fields.Add(Or(alternatives));
        }
        else
        {
            fields.AddSuperset(Or(alternatives));
        }
    }

    private void EventTypes(FieldConditions fields, IReadOnlyList<EventTypeFilter> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        // Type 0 means "any type" but the column also holds 0 for flows without an event type.
        if (values.Any(v => v.Type == 0))
        {
            fields.Untranslated(1);
            return;
        }

        var type = Column(FlowColumns.EventType);
        var subType = Column(FlowColumns.EventSubType);
        fields.Add(Or(values.Select(v => v.MatchSubType
            ? $"({type} = {v.Type.ToString(CultureInfo.InvariantCulture)} AND {subType} = {v.SubType.ToString(CultureInfo.InvariantCulture)})"
            : $"{type} = {v.Type.ToString(CultureInfo.InvariantCulture)}").ToList()));
    }

    private void Http(FieldConditions fields, FlowFilter filter)
    {
        var isHttp = $"{Column(FlowColumns.L7Protocol)} = 2";
        if (filter.HttpStatusCode.Count > 0)
        {
            var code = Column(FlowColumns.HttpCode);
            var alternatives = new List<string>();
            foreach (var value in filter.HttpStatusCode)
            {
                if (value.EndsWith('+'))
                {
                    var digits = value[..^1];
                    var divisor = digits.Length == 1 ? 100 : 10;
                    alternatives.Add($"({code} >= 100 AND {code} <= 999 AND {dialect.IntegerDivide(code, divisor.ToString(CultureInfo.InvariantCulture))} = {uint.Parse(digits, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)})");
                }
                else
                {
                    alternatives.Add($"{code} = {uint.Parse(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}");
                }
            }

            fields.Add($"({isHttp} AND {code} > 0 AND {Or(alternatives)})");
        }

        // Methods compare case-insensitively with .NET's rules, which differ from SQL's lower() outside ASCII;
        // paths, URLs and headers are regular expressions or pairs. All of these run in process.
        if (filter.HttpMethod.Count + filter.HttpPath.Count + filter.HttpUrl.Count + filter.HttpHeader.Count > 0)
        {
            fields.AddSuperset(isHttp);
        }
    }

    private void Protocols(FieldConditions fields, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var l4 = new SortedSet<long>();
        var l7 = new SortedSet<long>();
        foreach (var value in values)
        {
            switch (value.ToLowerInvariant())
            {
                case "icmp":
                    l4.Add((long)Layer4.ProtocolOneofCase.ICMPv4);
                    l4.Add((long)Layer4.ProtocolOneofCase.ICMPv6);
                    break;
                case "icmpv4": l4.Add((long)Layer4.ProtocolOneofCase.ICMPv4); break;
                case "icmpv6": l4.Add((long)Layer4.ProtocolOneofCase.ICMPv6); break;
                case "tcp": l4.Add((long)Layer4.ProtocolOneofCase.TCP); break;
                case "udp": l4.Add((long)Layer4.ProtocolOneofCase.UDP); break;
                case "sctp": l4.Add((long)Layer4.ProtocolOneofCase.SCTP); break;
                case "vrrp": l4.Add((long)Layer4.ProtocolOneofCase.VRRP); break;
                case "igmp": l4.Add((long)Layer4.ProtocolOneofCase.IGMP); break;
                case "dns": l7.Add(1); break;
                case "http": l7.Add(2); break;
                case "kafka": l7.Add(3); break;
                default: break; // The evaluator rejected unknown names already.
            }
        }

        var alternatives = new List<string>(2);
        if (l4.Count > 0)
        {
            alternatives.Add(InNumbers(Column(FlowColumns.L4Protocol), l4));
        }

        if (l7.Count > 0)
        {
            alternatives.Add(InNumbers(Column(FlowColumns.L7Protocol), l7));
        }

        fields.Add(Or(alternatives));
    }

    private void Ports(FieldConditions fields, IReadOnlyList<string> values, FlowColumn<ushort> column)
    {
        if (values.Count == 0)
        {
            return;
        }

        var ports = values.Select(v => (long)ushort.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture));
        var withPorts = InNumbers(Column(FlowColumns.L4Protocol), [(long)Layer4.ProtocolOneofCase.TCP, (long)Layer4.ProtocolOneofCase.UDP, (long)Layer4.ProtocolOneofCase.SCTP]);
        fields.Add($"({withPorts} AND {InNumbers(Column(column), ports)})");
    }

    private void Reply(FieldConditions fields, IReadOnlyList<bool> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var reply = Column(FlowColumns.IsReply);
        var alternatives = new List<string>(2);
        if (values.Contains(true))
        {
            alternatives.Add($"{reply} = 1");
        }

        if (values.Contains(false))
        {
            // Drops carry no is_reply; Hubble counts them as requests.
            alternatives.Add($"{reply} = 0");
            alternatives.Add($"({reply} = {FlowColumnValues.ReplyUnknown.ToString(CultureInfo.InvariantCulture)} AND {Column(FlowColumns.Verdict)} = {DroppedVerdict})");
        }

        fields.Add(Or(alternatives));
    }

    private void TcpFlags(FieldConditions fields, IReadOnlyList<TCPFlags> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var flags = Column(FlowColumns.TcpFlags);
        var alternatives = values.Select(v => FlowColumnValues.TcpFlagBits(v).ToString(CultureInfo.InvariantCulture))
            .Select(mask => $"{dialect.BitAnd(flags, mask)} = {mask}")
            .ToList();
        fields.Add($"({flags} >= 0 AND {Or(alternatives)})");
    }

    private string InStrings(string column, IEnumerable<string> values) =>
        $"{column} IN ({string.Join(", ", values.Distinct(StringComparer.Ordinal).Select(dialect.StringLiteral))})";

    private static string InNumbers(string column, IEnumerable<long> values) =>
        $"{column} IN ({string.Join(", ", values.Distinct().Select(v => v.ToString(CultureInfo.InvariantCulture)))})";

    private static string Or(IReadOnlyList<string> alternatives) => alternatives.Count switch
    {
        0 => False,
        1 => alternatives[0],
        _ => $"({string.Join(" OR ", alternatives)})",
    };

    // Every field's SQL is spelled through here, so a restriction is enforced in one place; the exception unwinds the
    // whole translation, which TranslateExact turns into "not answerable from this table".
    private string Column(FlowColumn column) =>
        columns is null || columns.Contains(column) ? dialect.Identifier(column.Name) : throw new ColumnNotAvailableException();

    private sealed class ColumnNotAvailableException : Exception;

    /// <summary>The translated fields of one filter, and whether any field was left out or widened.</summary>
    private sealed class FieldConditions
    {
        private readonly List<string> _conditions = [];
        private bool _exact = true;

        public void Add(string condition) => _conditions.Add(condition);

        public void AddSuperset(string condition)
        {
            _conditions.Add(condition);
            _exact = false;
        }

        public void Untranslated(int valueCount)
        {
            if (valueCount > 0)
            {
                _exact = false;
            }
        }

        public FlowSqlCondition ToCondition() =>
            new(_conditions.Count == 0 ? True : $"({string.Join(" AND ", _conditions)})", _exact);
    }
}
