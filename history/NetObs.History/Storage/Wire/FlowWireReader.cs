using System.Text.Unicode;
using Cilium.Flow;
using Google.Protobuf.WellKnownTypes;

namespace NetObs.History.Storage.Wire;

/// <summary>
/// Reads the stored columns of a flow straight from its serialized bytes (flow.proto field numbers, from the generated
/// code), so the ingest path never builds the Google.Protobuf object graph: parsing it and collecting it once it had
/// waited in the ingest queue cost most of a core. While it reads, it checks the whole message as deeply as
/// Google.Protobuf would parse it (<see cref="WireSchema"/>).
/// </summary>
/// <remarks>
/// Values follow Google.Protobuf's parse exactly: a scalar's last occurrence wins, occurrences of a message field are
/// merged, a oneof member other than the current one replaces it, repeated fields accumulate, a field in a wire type
/// not its own is an unknown field, and <c>is_reply</c> keeps a true once it has one (the generated code's rule for
/// wrapper fields). Anything this reader is unsure of (bad UTF-8, groups in odd places, malformed bytes) answers false,
/// and the caller asks Google.Protobuf instead; FlowWireReaderTests holds the values equal to <see cref="FlowColumns"/>.
/// </remarks>
internal static class FlowWireReader
{
    private static readonly WireSchema FlowSchema = WireSchema.Of(Flow.Descriptor);
    private static readonly WireSchema TimestampSchema = WireSchema.Of(Timestamp.Descriptor);
    private static readonly WireSchema BoolValueSchema = WireSchema.Of(BoolValue.Descriptor);
    private static readonly WireSchema IpSchema = WireSchema.Of(IP.Descriptor);
    private static readonly WireSchema EndpointSchema = WireSchema.Of(Endpoint.Descriptor);
    private static readonly WireSchema WorkloadSchema = WireSchema.Of(Workload.Descriptor);
    private static readonly WireSchema Layer4Schema = WireSchema.Of(Layer4.Descriptor);
    private static readonly WireSchema TcpSchema = WireSchema.Of(TCP.Descriptor);
    private static readonly WireSchema UdpSchema = WireSchema.Of(UDP.Descriptor);
    private static readonly WireSchema SctpSchema = WireSchema.Of(SCTP.Descriptor);
    private static readonly WireSchema TcpFlagsSchema = WireSchema.Of(TCPFlags.Descriptor);
    private static readonly WireSchema Layer7Schema = WireSchema.Of(Layer7.Descriptor);
    private static readonly WireSchema DnsSchema = WireSchema.Of(DNS.Descriptor);
    private static readonly WireSchema HttpSchema = WireSchema.Of(HTTP.Descriptor);
    private static readonly WireSchema KafkaSchema = WireSchema.Of(Kafka.Descriptor);
    private static readonly WireSchema PolicySchema = WireSchema.Of(Policy.Descriptor);
    private static readonly WireSchema EventTypeSchema = WireSchema.Of(CiliumEventType.Descriptor);

    /// <summary>Reads every column value of the flow into <paramref name="values"/>; false when the reference parser must decide.</summary>
    public static bool TryRead(ReadOnlySpan<byte> flow, FlowRowValues values)
    {
        values.Clear();
        var r = new WireReader(flow, 0);
        while (!r.End)
        {
            if (!r.TryReadTag(out var field, out var wireType) || !ReadFlowField(ref r, field, wireType, values))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The values of a stored flow read from its bytes; the message the values' slices point into is returned (the
    /// original, or the parsed flow's serialization when the wire reader leaves the original to Google.Protobuf).
    /// </summary>
    public static ReadOnlyMemory<byte> ReadStored(StoredFlow stored, FlowRowValues values)
    {
        var message = stored.Original;
        if (TryRead(message.Span, values))
        {
            return message;
        }

        // Bytes the wire reader leaves to Google.Protobuf (a group where it does not expect one, nesting past its depth):
        // the parsed flow's own serialization is canonical, so it reads, and holds the values Google.Protobuf read from
        // the original. Parsed for this use only, so a queued flow does not keep its message after the batch is written.
        message = Google.Protobuf.MessageExtensions.ToByteArray(stored.ParsedForOneUse().Flow);
        if (!TryRead(message.Span, values))
        {
            throw new InvalidOperationException("A flow's serialization could not be read back for its columns.");
        }

        return message;
    }

    /// <summary>
    /// Checks the whole flow and reads the two fields the follower needs before storing it: <c>node_name</c> (empty when
    /// absent) and <c>time</c> in nanoseconds since the Unix epoch (null when absent).
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> flow, out Utf8Slice node, out long? timeNs)
    {
        node = default;
        timeNs = null;
        var time = default(TimestampValue);
        var hasTime = false;
        var r = new WireReader(flow, 0);
        while (!r.End)
        {
            if (!r.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            var ok = field switch
            {
                Flow.TimeFieldNumber when wireType == 2 => hasTime = ReadTimestamp(ref r, 1, ref time),
                Flow.NodeNameFieldNumber when wireType == 2 => ReadString(ref r, out node),
                _ => FlowSchema.TryCheckField(ref r, field, wireType, 0),
            };
            if (!ok)
            {
                return false;
            }
        }

        timeNs = hasTime ? time.Nanoseconds : null;
        return true;
    }

    /// <summary>A google.protobuf.Timestamp as it merges over occurrences.</summary>
    internal struct TimestampValue
    {
        public long Seconds;
        public int Nanos;

        public readonly long Nanoseconds => (Seconds * 1_000_000_000) + Nanos;
    }

    /// <summary>Reads a Timestamp message whose tag was just read, merging it into <paramref name="time"/>.</summary>
    internal static bool ReadTimestamp(ref WireReader outer, int depth, ref TimestampValue time)
    {
        if (!outer.TryReadLengthDelimited(out var message, out var offset))
        {
            return false;
        }

        var r = new WireReader(message, offset);
        while (!r.End)
        {
            if (!r.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            ulong value;
            switch (field)
            {
                case Timestamp.SecondsFieldNumber when wireType == 0:
                    if (!r.TryReadVarint(out value))
                    {
                        return false;
                    }

                    time.Seconds = (long)value;
                    break;
                case Timestamp.NanosFieldNumber when wireType == 0:
                    if (!r.TryReadVarint(out value))
                    {
                        return false;
                    }

                    time.Nanos = (int)value;
                    break;
                default:
                    if (!TimestampSchema.TryCheckField(ref r, field, wireType, depth))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>A string field: its slice, when its bytes are UTF-8 (otherwise Google.Protobuf decides what it reads).</summary>
    internal static bool ReadString(ref WireReader r, out Utf8Slice slice)
    {
        slice = default;
        if (!r.TryReadLengthDelimited(out var text, out var offset) || !Utf8.IsValid(text))
        {
            return false;
        }

        slice = new Utf8Slice(offset, text.Length);
        return true;
    }

    private static bool ReadStringInto(ref WireReader r, List<Utf8Slice> list)
    {
        if (!ReadString(ref r, out var slice))
        {
            return false;
        }

        list.Add(slice);
        return true;
    }

    private static bool ReadFlowField(ref WireReader r, int field, int wireType, FlowRowValues v)
    {
        switch (field)
        {
            case Flow.VerdictFieldNumber when wireType == 0:
                return r.TryReadVarint(out v.Verdict);
            case Flow.DropReasonDescFieldNumber when wireType == 0:
                return r.TryReadVarint(out v.DropReason);
            case Flow.TrafficDirectionFieldNumber when wireType == 0:
                return r.TryReadVarint(out v.TrafficDirection);
            case Flow.IsReplyFieldNumber when wireType == 2:
                return ReadIsReply(ref r, v);
            case Flow.EventTypeFieldNumber when wireType == 2:
                return ReadMessage(ref r, 1, ref v, ReadEventTypeField);
            case Flow.IPFieldNumber when wireType == 2:
                return ReadMessage(ref r, 1, ref v, ReadIpField);
            case Flow.SourceFieldNumber when wireType == 2:
                return ReadEndpoint(ref r, v.Source);
            case Flow.DestinationFieldNumber when wireType == 2:
                return ReadEndpoint(ref r, v.Destination);
            case Flow.SourceNamesFieldNumber when wireType == 2:
                return ReadStringInto(ref r, v.SourceNames);
            case Flow.DestinationNamesFieldNumber when wireType == 2:
                return ReadStringInto(ref r, v.DestinationNames);
            case Flow.L4FieldNumber when wireType == 2:
                return ReadMessage(ref r, 1, ref v, ReadLayer4Field);
            case Flow.L7FieldNumber when wireType == 2:
                v.HasL7 = true;
                return ReadMessage(ref r, 1, ref v, ReadLayer7Field);
            case Flow.IngressAllowedByFieldNumber when wireType == 2:
                return ReadPolicy(ref r, v.IngressAllowedBy);
            case Flow.EgressAllowedByFieldNumber when wireType == 2:
                return ReadPolicy(ref r, v.EgressAllowedBy);
            case Flow.IngressDeniedByFieldNumber when wireType == 2:
                return ReadPolicy(ref r, v.IngressDeniedBy);
            case Flow.EgressDeniedByFieldNumber when wireType == 2:
                return ReadPolicy(ref r, v.EgressDeniedBy);
            default:
                return FlowSchema.TryCheckField(ref r, field, wireType, 0);
        }
    }

    private delegate bool FieldReader<T>(ref WireReader r, int field, int wireType, int depth, ref T into);

    /// <summary>Reads an embedded message whose tag was just read, field by field, into <paramref name="into"/>.</summary>
    private static bool ReadMessage<T>(ref WireReader outer, int depth, ref T into, FieldReader<T> readField)
    {
        if (depth > WireReader.MaxDepth || !outer.TryReadLengthDelimited(out var message, out var offset))
        {
            return false;
        }

        var r = new WireReader(message, offset);
        while (!r.End)
        {
            if (!r.TryReadTag(out var field, out var wireType) || !readField(ref r, field, wireType, depth, ref into))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ReadEndpoint(ref WireReader r, EndpointValues endpoint) => ReadMessage(ref r, 1, ref endpoint, ReadEndpointField);

    /// <summary>google.protobuf.BoolValue: absent is unknown; a later occurrence replaces it only with true (generated code's merge rule).</summary>
    private static bool ReadIsReply(ref WireReader r, FlowRowValues v)
    {
        var reply = new BoolBox();
        if (!ReadMessage(ref r, 1, ref reply, ReadBoolValueField))
        {
            return false;
        }

        if (v.IsReply == FlowColumnValues.ReplyUnknown || reply.Value)
        {
            v.IsReply = (sbyte)(reply.Value ? 1 : 0);
        }

        return true;
    }

    private struct BoolBox
    {
        public bool Value;
    }

    private static bool ReadBoolValueField(ref WireReader r, int field, int wireType, int depth, ref BoolBox into)
    {
        if (field == BoolValue.ValueFieldNumber && wireType == 0)
        {
            if (!r.TryReadVarint(out var value))
            {
                return false;
            }

            into.Value = value != 0;
            return true;
        }

        return BoolValueSchema.TryCheckField(ref r, field, wireType, depth);
    }

    private static bool ReadEventTypeField(ref WireReader r, int field, int wireType, int depth, ref FlowRowValues v)
    {
        switch (field)
        {
            case CiliumEventType.TypeFieldNumber when wireType == 0:
                return r.TryReadVarint(out v.EventType);
            case CiliumEventType.SubTypeFieldNumber when wireType == 0:
                return r.TryReadVarint(out v.EventSubType);
            default:
                return EventTypeSchema.TryCheckField(ref r, field, wireType, depth);
        }
    }

    private static bool ReadIpField(ref WireReader r, int field, int wireType, int depth, ref FlowRowValues v)
    {
        switch (field)
        {
            case IP.SourceFieldNumber when wireType == 2:
                return ReadString(ref r, out v.SourceIp);
            case IP.DestinationFieldNumber when wireType == 2:
                return ReadString(ref r, out v.DestinationIp);
            case IP.IpVersionFieldNumber when wireType == 0:
                return r.TryReadVarint(out v.IpVersion);
            default:
                return IpSchema.TryCheckField(ref r, field, wireType, depth);
        }
    }

    private static bool ReadEndpointField(ref WireReader r, int field, int wireType, int depth, ref EndpointValues e)
    {
        switch (field)
        {
            case Endpoint.IdentityFieldNumber when wireType == 0:
                return r.TryReadVarint(out e.Identity);
            case Endpoint.ClusterNameFieldNumber when wireType == 2:
                return ReadString(ref r, out e.ClusterName);
            case Endpoint.NamespaceFieldNumber when wireType == 2:
                return ReadString(ref r, out e.Namespace);
            case Endpoint.PodNameFieldNumber when wireType == 2:
                return ReadString(ref r, out e.PodName);
            case Endpoint.LabelsFieldNumber when wireType == 2:
                return ReadStringInto(ref r, e.Labels);
            case Endpoint.WorkloadsFieldNumber when wireType == 2:
                var workload = new NamePair();
                if (!ReadMessage(ref r, depth + 1, ref workload, ReadWorkloadField))
                {
                    return false;
                }

                e.Workloads.Add(new WorkloadSlice(workload.First, workload.Second));
                return true;
            default:
                return EndpointSchema.TryCheckField(ref r, field, wireType, depth);
        }
    }

    /// <summary>Two strings of a small message (a workload's name and kind, a policy's namespace and name).</summary>
    private struct NamePair
    {
        public Utf8Slice First;
        public Utf8Slice Second;
    }

    private static bool ReadWorkloadField(ref WireReader r, int field, int wireType, int depth, ref NamePair w) => field switch
    {
        Workload.NameFieldNumber when wireType == 2 => ReadString(ref r, out w.First),
        Workload.KindFieldNumber when wireType == 2 => ReadString(ref r, out w.Second),
        _ => WorkloadSchema.TryCheckField(ref r, field, wireType, depth),
    };

    private static bool ReadPolicy(ref WireReader r, List<PolicySlice> into)
    {
        var policy = new NamePair();
        if (!ReadMessage(ref r, 1, ref policy, ReadPolicyField))
        {
            return false;
        }

        into.Add(new PolicySlice(policy.First, policy.Second));
        return true;
    }

    private static bool ReadPolicyField(ref WireReader r, int field, int wireType, int depth, ref NamePair p) => field switch
    {
        Policy.NamespaceFieldNumber when wireType == 2 => ReadString(ref r, out p.First),
        Policy.NameFieldNumber when wireType == 2 => ReadString(ref r, out p.Second),
        _ => PolicySchema.TryCheckField(ref r, field, wireType, depth),
    };

    private static bool ReadLayer4Field(ref WireReader r, int field, int wireType, int depth, ref FlowRowValues v)
    {
        if (wireType != 2 || field is < Layer4.TCPFieldNumber or > Layer4.IGMPFieldNumber)
        {
            return Layer4Schema.TryCheckField(ref r, field, wireType, depth);
        }

        // The oneof member's number is the l4_protocol column; a different member replaces the current one, the same merges.
        if (v.L4Protocol != field)
        {
            v.ClearL4((byte)field);
        }

        return field switch
        {
            Layer4.TCPFieldNumber => ReadMessage(ref r, depth + 1, ref v, ReadTcpField),
            Layer4.UDPFieldNumber => ReadMessage(ref r, depth + 1, ref v, ReadUdpField),
            Layer4.SCTPFieldNumber => ReadMessage(ref r, depth + 1, ref v, ReadSctpField),
            _ => Layer4Schema.TryCheckField(ref r, field, wireType, depth),
        };
    }

    private static bool ReadTcpField(ref WireReader r, int field, int wireType, int depth, ref FlowRowValues v)
    {
        if (field == TCP.FlagsFieldNumber && wireType == 2)
        {
            if (v.TcpFlags == FlowColumnValues.NoTcpFlags)
            {
                v.TcpFlags = 0;
            }

            return ReadMessage(ref r, depth + 1, ref v, ReadTcpFlagsField);
        }

        return ReadPortField(ref r, field, wireType, depth, ref v, TcpSchema);
    }

    private static bool ReadUdpField(ref WireReader r, int field, int wireType, int depth, ref FlowRowValues v) =>
        ReadPortField(ref r, field, wireType, depth, ref v, UdpSchema);

    private static bool ReadSctpField(ref WireReader r, int field, int wireType, int depth, ref FlowRowValues v) =>
        ReadPortField(ref r, field, wireType, depth, ref v, SctpSchema);

    /// <summary>TCP, UDP and SCTP number their ports alike: source_port 1, destination_port 2.</summary>
    private static bool ReadPortField(ref WireReader r, int field, int wireType, int depth, ref FlowRowValues v, WireSchema schema)
    {
        if (wireType == 0 && field is TCP.SourcePortFieldNumber or TCP.DestinationPortFieldNumber)
        {
            if (!r.TryReadVarint(out var value))
            {
                return false;
            }

            if (field == TCP.SourcePortFieldNumber)
            {
                v.SourcePort = (ushort)value;
            }
            else
            {
                v.DestinationPort = (ushort)value;
            }

            return true;
        }

        return schema.TryCheckField(ref r, field, wireType, depth);
    }

    /// <summary>TCPFlags' bools FIN (1) to NS (9) are the bits 1 to 256 of tcp_flags, in field order (TcpFlagNames.Bits).</summary>
    private static bool ReadTcpFlagsField(ref WireReader r, int field, int wireType, int depth, ref FlowRowValues v)
    {
        if (wireType != 0 || field is < TCPFlags.FINFieldNumber or > TCPFlags.NSFieldNumber)
        {
            return TcpFlagsSchema.TryCheckField(ref r, field, wireType, depth);
        }

        if (!r.TryReadVarint(out var value))
        {
            return false;
        }

        var bit = (short)(1 << (field - 1));
        v.TcpFlags = value != 0 ? (short)(v.TcpFlags | bit) : (short)(v.TcpFlags & ~bit);
        return true;
    }

    private static bool ReadLayer7Field(ref WireReader r, int field, int wireType, int depth, ref FlowRowValues v)
    {
        ulong value;
        switch (field)
        {
            case Layer7.TypeFieldNumber when wireType == 0:
                return r.TryReadVarint(out v.L7Type);
            case Layer7.LatencyNsFieldNumber when wireType == 0:
                if (!r.TryReadVarint(out value))
                {
                    return false;
                }

                v.LatencyNs = value;
                return true;
            case Layer7.DnsFieldNumber when wireType == 2:
                SwitchL7Record(v, 1);
                return ReadMessage(ref r, depth + 1, ref v, ReadDnsField);
            case Layer7.HttpFieldNumber when wireType == 2:
                SwitchL7Record(v, 2);
                return ReadMessage(ref r, depth + 1, ref v, ReadHttpField);
            case Layer7.KafkaFieldNumber when wireType == 2:
                SwitchL7Record(v, 3);
                return ReadMessage(ref r, depth + 1, ref v, ReadKafkaField);
            default:
                return Layer7Schema.TryCheckField(ref r, field, wireType, depth);
        }
    }

    /// <summary>l7_protocol numbers the record oneof 1 DNS, 2 HTTP, 3 Kafka (FlowColumnValues.L7Protocol).</summary>
    private static void SwitchL7Record(FlowRowValues v, byte protocol)
    {
        if (v.L7Protocol != protocol)
        {
            v.ClearL7Record(protocol);
        }
    }

    private static bool ReadDnsField(ref WireReader r, int field, int wireType, int depth, ref FlowRowValues v)
    {
        switch (field)
        {
            case DNS.QueryFieldNumber when wireType == 2:
                return ReadString(ref r, out v.DnsQuery);
            case DNS.QtypesFieldNumber when wireType == 2:
                return ReadStringInto(ref r, v.DnsQtypes);
            case DNS.RcodeFieldNumber when wireType == 0:
                return r.TryReadVarint(out v.DnsRcode);
            default:
                return DnsSchema.TryCheckField(ref r, field, wireType, depth);
        }
    }

    private static bool ReadHttpField(ref WireReader r, int field, int wireType, int depth, ref FlowRowValues v)
    {
        switch (field)
        {
            case HTTP.MethodFieldNumber when wireType == 2:
                return ReadString(ref r, out v.HttpMethod);
            case HTTP.UrlFieldNumber when wireType == 2:
                return ReadString(ref r, out v.HttpUrl);
            case HTTP.CodeFieldNumber when wireType == 0:
                return r.TryReadVarint(out v.HttpCode);
            default:
                return HttpSchema.TryCheckField(ref r, field, wireType, depth);
        }
    }

    private static bool ReadKafkaField(ref WireReader r, int field, int wireType, int depth, ref FlowRowValues v)
    {
        switch (field)
        {
            case Kafka.TopicFieldNumber when wireType == 2:
                return ReadString(ref r, out v.KafkaTopic);
            case Kafka.ApiKeyFieldNumber when wireType == 2:
                return ReadString(ref r, out v.KafkaApiKey);
            case Kafka.ErrorCodeFieldNumber when wireType == 0:
                return r.TryReadVarint(out v.KafkaErrorCode);
            default:
                return KafkaSchema.TryCheckField(ref r, field, wireType, depth);
        }
    }
}
