using NetObs.History.Storage.Wire;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// Writes flows as TabSeparated rows of <see cref="FlowColumns.All"/>, in that order, for one INSERT. Values are read
/// from each flow's original bytes (<see cref="FlowWireReader"/>, as the DuckDB store reads them) without building the
/// parsed message, and every string is escaped from the message's own UTF-8 bytes.
/// </summary>
/// <remarks>
/// The rows are byte for byte those of writing each <see cref="FlowColumns.All"/> value of the parsed flow
/// (ClickHouseRowWriterTests compares them); a new column is a line here in its table position.
/// </remarks>
public sealed class ClickHouseRowWriter
{
    private readonly TabSeparatedWriter _writer = new();
    private readonly FlowRowValues _values = new();
    private readonly FlowRowText _text = new();

    /// <summary>The column list of the INSERT statement, matching the row layout.</summary>
    public static string ColumnList { get; } = "(" + string.Join(", ", FlowColumns.All.Select(c => c.Name)) + ")";

    /// <summary>The rows of <paramref name="flows"/>.</summary>
    public ReadOnlyMemory<byte> Write(IReadOnlyList<StoredFlow> flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        _writer.Clear();
        foreach (var stored in flows)
        {
            WriteRow(stored);
        }

        return _writer.Written;
    }

    private void WriteRow(StoredFlow stored)
    {
        var v = _values;
        var m = FlowWireReader.ReadStored(stored, v).Span;
        var w = _writer;
        w.Integer(stored.TimeNs);
        w.Date(FlowColumnValues.Day(stored.TimeNs));
        w.Utf8String(_text.Utf8(stored.Cluster));
        w.Utf8String(_text.Utf8(stored.Node));
        w.Integer(v.Verdict);
        w.Integer(v.DropReason);
        w.Integer(v.TrafficDirection);
        w.Integer(v.IsReply);
        w.Integer(v.EventType);
        w.Integer(v.EventSubType);
        w.Integer(v.IpVersion);
        w.Utf8String(v.SourceIp.In(m));
        w.Utf8String(v.DestinationIp.In(m));
        WriteEndpoint(m, v.Source, v.SourceNames);
        WriteEndpoint(m, v.Destination, v.DestinationNames);
        w.Integer(v.L4Protocol);
        w.Integer(v.SourcePort);
        w.Integer(v.DestinationPort);
        w.Integer(v.TcpFlags);
        w.Integer(v.L7Protocol);
        w.Integer(FlowRowText.L7Type(v));
        w.Integer(v.LatencyNs);
        w.Utf8String(v.DnsQuery.In(m));
        w.Integer(v.DnsRcode);
        WriteList(m, v.DnsQtypes);
        w.Utf8String(v.HttpMethod.In(m));
        w.Integer(v.HttpCode);
        w.Utf8String(FlowRowText.HttpPath(v.HttpUrl.In(m)));
        w.Utf8String(v.KafkaTopic.In(m));
        w.Integer(v.KafkaErrorCode);
        w.Utf8String(v.KafkaApiKey.In(m));
        WritePolicies(m, v.IngressAllowedBy, v.EgressAllowedBy);
        WritePolicies(m, v.IngressDeniedBy, v.EgressDeniedBy);

        // The original bytes, even when the values were read from the parsed flow's serialization.
        w.Bytes(stored.Original.Span);
        WriteListSummaries(m, v.Source.Workloads, v.SourceNames);
        WriteListSummaries(m, v.Destination.Workloads, v.DestinationNames);
        w.EndRow();
    }

    private void WriteEndpoint(ReadOnlySpan<byte> m, EndpointValues endpoint, List<Utf8Slice> names)
    {
        var w = _writer;
        w.Utf8String(endpoint.ClusterName.In(m));
        w.Utf8String(endpoint.Namespace.In(m));
        w.Utf8String(endpoint.PodName.In(m));
        w.StartArray();
        foreach (var workload in endpoint.Workloads)
        {
            w.ArrayItem(workload.Name.In(m));
        }

        w.EndArray();
        w.StartArray();
        foreach (var workload in endpoint.Workloads)
        {
            w.ArrayItem(workload.Kind.In(m));
        }

        w.EndArray();
        w.Integer(endpoint.Identity);
        WriteList(m, endpoint.Labels);
        WriteList(m, names);
    }

    // FlowColumns.ListSummaries of one side: workload count, first workload and its kind, DNS name count, first DNS name.
    private void WriteListSummaries(ReadOnlySpan<byte> m, List<WorkloadSlice> workloads, List<Utf8Slice> names)
    {
        var w = _writer;
        w.Integer((uint)workloads.Count);
        w.Utf8String(workloads.Count > 0 ? workloads[0].Name.In(m) : default);
        w.Utf8String(workloads.Count > 0 ? workloads[0].Kind.In(m) : default);
        w.Integer((uint)names.Count);
        w.Utf8String(names.Count > 0 ? names[0].In(m) : default);
    }

    private void WriteList(ReadOnlySpan<byte> m, List<Utf8Slice> values)
    {
        _writer.StartArray();
        foreach (var value in values)
        {
            _writer.ArrayItem(value.In(m));
        }

        _writer.EndArray();
    }

    /// <summary>Policy names as <c>namespace/name</c> (or <c>name</c>), ingress ones first (FlowColumnValues.Policies).</summary>
    private void WritePolicies(ReadOnlySpan<byte> m, List<PolicySlice> ingress, List<PolicySlice> egress)
    {
        _writer.StartArray();
        foreach (var policy in ingress)
        {
            _writer.ArrayItem(_text.PolicyName(m, policy));
        }

        foreach (var policy in egress)
        {
            _writer.ArrayItem(_text.PolicyName(m, policy));
        }

        _writer.EndArray();
    }
}
