using System.Text;
using Cilium.Flow;
using DuckDB.NET.Data;

namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// Appends flows as rows of the <c>flows</c> table: the columns of <see cref="FlowColumns.All"/> in that order, the
/// <c>flow</c> column left empty, then <c>block_id</c> and <c>block_row</c>, where the original message is found,
/// and <c>block</c>, the compressed block itself on the block's first row and NULL on the others, then the list summaries
/// (added by schema version 4, so they follow the block columns). Values are read straight from each flow with typed appends, and repeated strings (namespaces,
/// pods, labels) are encoded to UTF-8 once per writer instead of once per value.
/// </summary>
internal sealed class DuckDbRowWriter
{
    /// <summary>The columns this writer fills, in order; a test holds them equal to the table and to FlowColumns.All.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } =
        [.. FlowColumns.All.Except(FlowColumns.ListSummaries).Select(c => c.Name), "block_id", "block_row", "block", .. FlowColumns.ListSummaries.Select(c => c.Name)];

    // Distinct strings grow with pods and IPs; past this many the cache starts again so memory stays bounded.
    private const int MaxCachedStrings = 200_000;

    private static readonly byte[] Empty = [];
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);

    /// <param name="block">The encoded block that <paramref name="blockRow"/> 0 carries; null on the block's other rows.</param>
    public void Append(DuckDBAppender appender, StoredFlow stored, long blockId, int blockRow, byte[]? block)
    {
        var f = stored.Flow;
        var source = f.Source;
        var destination = f.Destination;
        var l4 = f.L4;
        var l7 = f.L7;
        var row = appender.CreateRow();
        row.AppendValue(stored.TimeNs);
        row.AppendValue(FlowColumnValues.Day(stored.TimeNs));
        row.AppendValue(Utf8(stored.Cluster));
        row.AppendValue(Utf8(stored.Node));
        row.AppendValue((byte)f.Verdict);
        row.AppendValue((ushort)f.DropReasonDesc);
        row.AppendValue((byte)f.TrafficDirection);
        row.AppendValue(f.IsReply is { } reply ? (sbyte)(reply ? 1 : 0) : FlowColumnValues.ReplyUnknown);
        row.AppendValue(f.EventType?.Type ?? 0);
        row.AppendValue(f.EventType?.SubType ?? 0);
        row.AppendValue((byte)(f.IP?.IpVersion ?? IPVersion.IpNotUsed));
        row.AppendValue(Utf8(f.IP?.Source));
        row.AppendValue(Utf8(f.IP?.Destination));
        AppendEndpoint(row, source, f.SourceNames);
        AppendEndpoint(row, destination, f.DestinationNames);
        row.AppendValue(FlowColumnValues.L4Protocol(f));
        row.AppendValue(l4 is null ? (ushort)0 : FlowColumnValues.SourcePort(f));
        row.AppendValue(l4 is null ? (ushort)0 : FlowColumnValues.DestinationPort(f));
        row.AppendValue(l4 is null ? FlowColumnValues.NoTcpFlags : FlowColumnValues.TcpFlags(f));
        row.AppendValue(FlowColumnValues.L7Protocol(f));
        row.AppendValue(l7 is null ? FlowColumnValues.NoL7 : (byte)l7.Type);
        row.AppendValue(l7?.LatencyNs ?? 0UL);
        var dns = l7?.Dns;
        row.AppendValue(Utf8(dns?.Query));
        row.AppendValue(dns?.Rcode ?? 0U);
        AppendList(row, dns?.Qtypes);
        var http = l7?.Http;
        row.AppendValue(Utf8(http?.Method));
        row.AppendValue(http?.Code ?? 0U);
        row.AppendValue(http is null ? Empty : Utf8(FlowColumnValues.HttpPath(f)));
        var kafka = l7?.Kafka;
        row.AppendValue(Utf8(kafka?.Topic));
        row.AppendValue(kafka?.ErrorCode ?? 0);
        row.AppendValue(Utf8(kafka?.ApiKey));
        AppendList(row, FlowColumnValues.Policies(f.IngressAllowedBy, f.EgressAllowedBy));
        AppendList(row, FlowColumnValues.Policies(f.IngressDeniedBy, f.EgressDeniedBy));
        row.AppendValue(Empty);
        row.AppendValue(blockId);
        row.AppendValue((ushort)blockRow);
        if (block is null)
        {
            row.AppendNullValue();
        }
        else
        {
            row.AppendValue(block);
        }

        AppendListSummaries(row, source, f.SourceNames);
        AppendListSummaries(row, destination, f.DestinationNames);
        row.EndRow();
    }

    private void AppendEndpoint(IDuckDBAppenderRow row, Endpoint? endpoint, IReadOnlyList<string> names)
    {
        row.AppendValue(Utf8(endpoint?.ClusterName));
        row.AppendValue(Utf8(endpoint?.Namespace));
        row.AppendValue(Utf8(endpoint?.PodName));
        AppendList(row, endpoint is null || endpoint.Workloads.Count == 0 ? null : FlowColumnValues.WorkloadNames(endpoint));
        AppendList(row, endpoint is null || endpoint.Workloads.Count == 0 ? null : FlowColumnValues.WorkloadKinds(endpoint));
        row.AppendValue(endpoint?.Identity ?? 0U);
        AppendList(row, endpoint?.Labels);
        AppendList(row, names);
    }

    // FlowColumns.ListSummaries of one side: workload count, first workload and its kind, DNS name count, first DNS name.
    private void AppendListSummaries(IDuckDBAppenderRow row, Endpoint? endpoint, IReadOnlyList<string> names)
    {
        var workload = FlowColumnValues.FirstWorkload(endpoint);
        row.AppendValue(FlowColumnValues.Count(endpoint?.Workloads.Count));
        row.AppendValue(Utf8(workload?.Name));
        row.AppendValue(Utf8(workload?.Kind));
        row.AppendValue(FlowColumnValues.Count(names.Count));
        row.AppendValue(names.Count > 0 ? Utf8(names[0]) : Empty);
    }

    private static void AppendList(IDuckDBAppenderRow row, IReadOnlyList<string>? values) =>
        row.AppendValue<string>(values is null || values.Count == 0 ? [] : values);

    private byte[] Utf8(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Empty;
        }

        if (_utf8.TryGetValue(value, out var bytes))
        {
            return bytes;
        }

        if (_utf8.Count >= MaxCachedStrings)
        {
            _utf8.Clear();
        }

        bytes = Encoding.UTF8.GetBytes(value);
        _utf8[value] = bytes;
        return bytes;
    }
}
