using System.Globalization;
using Cilium.Flow;
using Google.Protobuf;
using NetObs.Hubble.Evaluation;

namespace NetObs.Hubble.Filtering;

/// <summary>
/// Parses a <c>hubble observe</c> argument string into allow/deny FlowFilter lists with the CLI's
/// semantics: one-sided flags AND, symmetric flags split into a source and a destination filter,
/// repeated flags OR, <c>--not</c> sends the next flag to the denylist. Values are checked as the
/// server would check them, so errors point at the token instead of failing the request later.
/// </summary>
public static class ObserveFilterParser
{
    /// <summary>Longer filters are refused before any parsing: a panel filter is a line of flags, not a document.</summary>
    public const int MaxLength = 4096;

    /// <summary>More flags than this are refused: each flag adds work to every flow the relay sends.</summary>
    public const int MaxFlags = 100;

    /// <summary>Parses with relative times resolved against the current time.</summary>
    public static ObserveQuery Parse(string args) => Parse(args, DateTimeOffset.UtcNow);

    /// <summary>Parses with relative times (<c>--since 5m</c>) resolved against <paramref name="now"/>.</summary>
    public static ObserveQuery Parse(string args, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(args);

        // Sizes first and in linear time, so that a 5 MB value or 5,000 flags is refused before tokenizing (issue 12).
        if (args.Length > MaxLength)
        {
            throw new FilterSyntaxException(
                $"filter: the filter is {args.Length:N0} characters long, more than the limit of {MaxLength:N0}; shorten it (it starts '{TextExcerpt.Of(args)}')",
                MaxLength,
                TextExcerpt.Of(args.Substring(MaxLength, Math.Min(args.Length - MaxLength, TextExcerpt.MaxQuoted + 1))));
        }

        var flags = CountFlagWords(args);
        if (flags > MaxFlags)
        {
            throw new FilterSyntaxException(
                $"filter: the filter has {flags:N0} flags, more than the limit of {MaxFlags}; combine values (e.g. --pod a --pod b matches either, so a label selector may say it shorter) or split the panel",
                0,
                TextExcerpt.Of(args));
        }

        // Half a surrogate pair is no character: the relay's JSON and protobuf encoders refuse it (found by the fuzz suite).
        if (LoneSurrogateAt(args) is { } lone)
        {
            throw new FilterSyntaxException(
                $"filter: the character at position {lone} is half of a UTF-16 surrogate pair, not a character; remove it or type the whole character",
                lone,
                string.Empty);
        }

        return new Run(args, now).Parse();
    }

    private static int? LoneSurrogateAt(string args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (char.IsHighSurrogate(args[i]) && i + 1 < args.Length && char.IsLowSurrogate(args[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(args[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static int CountFlagWords(string args)
    {
        // An upper bound of the flags: every word that starts with '-' (quoted values may start with '-', too).
        var count = 0;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == '-' && (i == 0 || char.IsWhiteSpace(args[i - 1])))
            {
                count++;
            }
        }

        return count;
    }

    private sealed class Run(string text, DateTimeOffset now)
    {
        private readonly FilterTracker _allow = new();
        private readonly FilterTracker _deny = new();
        private readonly List<FlowFilter> _rawAllow = [];
        private readonly List<FlowFilter> _rawDeny = [];
        private ObserveOptions _options = new();
        private ObserveToken? _pendingNot;
        private ObserveToken? _firstToken;
        private ObserveToken? _lastToken;
        private ObserveToken? _allToken;
        private ObserveToken? _followToken;

        public ObserveQuery Parse()
        {
            var tokens = ObserveTokenizer.Split(text);
            var index = SkipCommandWords(tokens);
            while (index < tokens.Count)
            {
                index = ParseFlag(tokens, index);
            }

            if (_pendingNot is { } not)
            {
                throw Error($"filter: --not at position {not.Position} must be followed by a filter flag, e.g. --not --namespace kube-system", not);
            }

            CheckOptionConflicts();
            var options = _options;
            if (options.Follow && options.Until is not null)
            {
                // The CLI does not send --until together with --follow.
                options = options with { Until = null, UntilAgo = null };
            }

            var allow = _allow.Materialize();
            allow.AddRange(_rawAllow);
            var deny = _deny.Materialize();
            deny.AddRange(_rawDeny);
            return new ObserveQuery(allow, deny, options);
        }

        private static int SkipCommandWords(List<ObserveToken> tokens)
        {
            // Users paste whole command lines; "hubble observe [flows]" in front is harmless.
            var index = 0;
            if (index < tokens.Count && tokens[index].Text == "hubble")
            {
                index++;
            }

            if (index < tokens.Count && tokens[index].Text == "observe")
            {
                index++;
                if (index < tokens.Count && tokens[index].Text == "flows")
                {
                    index++;
                }
            }

            return index;
        }

        private int ParseFlag(List<ObserveToken> tokens, int index)
        {
            var token = tokens[index];
            var word = token.Text;
            if (word.StartsWith("--", StringComparison.Ordinal) && word.Length > 2)
            {
                var body = word[2..];
                var equals = body.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? body : body[..equals];
                var flag = ObserveFlags.Find(name)
                    ?? throw Error(
                        $"filter: unknown flag '--{TextExcerpt.Of(name)}' at position {token.Position}{SpellingSuggestion.Hint(name, ObserveFlags.All.Select(f => f.Name), "--")}",
                        token);
                if (equals >= 0)
                {
                    var inline = body[(equals + 1)..];
                    var valueToken = new ObserveToken(inline, token.Position + 3 + equals, inline.Length);
                    if (!flag.TakesValue)
                    {
                        if (!bool.TryParse(inline, out var enabled))
                        {
                            throw Error($"filter: flag '--{TextExcerpt.Of(name)}' at position {token.Position} is a switch and takes no value other than true or false, got '{TextExcerpt.Of(inline)}'", valueToken);
                        }

                        if (enabled)
                        {
                            Apply(flag, token, null);
                        }

                        return index + 1;
                    }

                    Apply(flag, token, valueToken);
                    return index + 1;
                }

                if (!flag.TakesValue)
                {
                    Apply(flag, token, null);
                    return index + 1;
                }

                var value = NextValue(tokens, index, $"--{name}");
                Apply(flag, token, value);
                return index + 2;
            }

            if (word.Length > 1 && word[0] == '-' && word[1] != '-')
            {
                return ParseShortFlags(tokens, index);
            }

            throw Error(
                $"filter: unexpected argument '{TextExcerpt.Of(word)}' at position {token.Position}; values follow a flag, e.g. --pod {TextExcerpt.Of(word)}",
                token);
        }

        private int ParseShortFlags(List<ObserveToken> tokens, int index)
        {
            var token = tokens[index];
            var word = token.Text;
            for (var i = 1; i < word.Length; i++)
            {
                var flag = ObserveFlags.FindShort(word[i]);
                var flagToken = new ObserveToken($"-{word[i]}", token.Position + i, 1);
                if (flag is null)
                {
                    var shorts = string.Join(", ", ObserveFlags.All.Where(f => f.Short is not null).Select(f => $"-{f.Short}"));
                    throw Error($"filter: unknown short flag '-{word[i]}' at position {token.Position + i}; short flags are {shorts}", flagToken);
                }

                if (!flag.TakesValue)
                {
                    Apply(flag, flagToken, null);
                    continue;
                }

                var rest = word[(i + 1)..];
                if (rest.StartsWith('='))
                {
                    rest = rest[1..];
                }

                if (rest.Length > 0)
                {
                    Apply(flag, flagToken, new ObserveToken(rest, token.Position + word.Length - rest.Length, rest.Length));
                    return index + 1;
                }

                Apply(flag, flagToken, NextValue(tokens, index, $"-{word[i]}"));
                return index + 2;
            }

            return index + 1;
        }

        private ObserveToken NextValue(List<ObserveToken> tokens, int index, string flag)
        {
            var token = tokens[index];
            if (index + 1 >= tokens.Count)
            {
                throw Error($"filter: flag '{flag}' at position {token.Position} needs a value", token);
            }

            var next = tokens[index + 1];
            if (next.Text.StartsWith("--", StringComparison.Ordinal) && ObserveFlags.Find(next.Text[2..].Split('=')[0]) is not null)
            {
                throw Error($"filter: flag '{flag}' at position {token.Position} needs a value, but the next word is the flag '{TextExcerpt.Of(next.Text)}'", token);
            }

            return next;
        }

        private void Apply(ObserveFlag flag, ObserveToken flagToken, ObserveToken? valueToken)
        {
            var value = valueToken?.Text ?? string.Empty;
            var at = valueToken ?? flagToken;
            switch (flag.Name)
            {
                case "not":
                    if (_pendingNot is not null)
                    {
                        throw Error($"filter: consecutive --not statements at position {flagToken.Position}; use --not before each flag to exclude", flagToken);
                    }

                    _pendingNot = flagToken;
                    return;
                case "since" or "until":
                    RejectPendingNot(flagToken);
                    if (!ObserveTimeParser.TryParse(value, now, out var time, out var ago))
                    {
                        throw Error(
                            $"filter: invalid --{flag.Name} value '{TextExcerpt.Of(value)}' at position {at.Position}; use a duration such as 30s, 5m or 1h30m, or a time such as 2025-04-16T18:49:59Z",
                            at);
                    }

                    if (time < ObserveTimeParser.Earliest || time > ObserveTimeParser.Latest)
                    {
                        throw Error(
                            $"filter: --{flag.Name} value '{TextExcerpt.Of(value)}' at position {at.Position} is {(time < ObserveTimeParser.Earliest ? "before 1970-01-01, the earliest flow time" : "after 2262-04-11, the latest time a flow timestamp can hold")}; use a shorter duration such as 24h or a time between those dates",
                            at);
                    }

                    _options = flag.Name == "since"
                        ? _options with { Since = time, SinceAgo = ago }
                        : _options with { Until = time, UntilAgo = ago };
                    return;
                case "last" or "first":
                    RejectPendingNot(flagToken);
                    if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                    {
                        throw Error($"filter: invalid --{flag.Name} value '{TextExcerpt.Of(value)}' at position {at.Position}; expected a whole number of flows, e.g. --{flag.Name} 100", at);
                    }

                    if (flag.Name == "last")
                    {
                        _options = _options with { Last = count };
                        _lastToken = flagToken;
                    }
                    else
                    {
                        _options = _options with { First = count };
                        _firstToken = flagToken;
                    }

                    return;
                case "all":
                    RejectPendingNot(flagToken);
                    _options = _options with { Last = ulong.MaxValue };
                    _allToken = flagToken;
                    return;
                case "follow":
                    RejectPendingNot(flagToken);
                    _options = _options with { Follow = true };
                    _followToken = flagToken;
                    return;
                case "allowlist" or "denylist":
                    RejectPendingNot(flagToken);
                    (flag.Name == "allowlist" ? _rawAllow : _rawDeny).Add(ParseRawFilter(flag.Name, at));
                    return;
                case "dns" or "http" or "kafka":
                    ApplyFilter("protocol", flagToken, new ObserveToken(flag.Name, flagToken.Position, flagToken.Length), $"--{flag.Name}");
                    return;
                default:
                    ApplyFilter(flag.Name, flagToken, at, flagToken.Text.StartsWith("--", StringComparison.Ordinal) ? $"--{flag.Name}" : flagToken.Text);
                    return;
            }
        }

        private void RejectPendingNot(ObserveToken flagToken)
        {
            if (_pendingNot is { } not)
            {
                throw Error(
                    $"filter: --not at position {not.Position} must be followed by a filter flag, not '{TextExcerpt.Of(flagToken.Text)}'",
                    flagToken);
            }
        }

        private void ApplyFilter(string name, ObserveToken flagToken, ObserveToken at, string typed)
        {
            var tracker = _pendingNot is null ? _allow : _deny;
            _pendingNot = null;
            var conflict = tracker.Track(name);
            if (conflict is not null)
            {
                throw Error($"filter: filters --{name} and --{conflict} cannot be combined (flag '{TextExcerpt.Of(typed)}' at position {flagToken.Position})", flagToken);
            }

            var value = at.Text;
            switch (name)
            {
                case "uuid":
                    RequireValue(typed, at);
                    tracker.Both(f => f.Uuid.Add(value));
                    break;
                case "node-name":
                    Validate(typed, at, () => NodeNamePattern.Compile([value]));
                    tracker.Both(f => f.NodeName.Add(value));
                    break;
                case "node-label":
                    ValidateSelector(typed, at);
                    tracker.Both(f => f.NodeLabels.Add(value));
                    break;
                case "cluster":
                    RequireValue(typed, at);
                    tracker.Left(f => f.SourceClusterName.Add(value));
                    tracker.Right(f => f.DestinationClusterName.Add(value));
                    break;
                case "from-cluster":
                    RequireValue(typed, at);
                    tracker.Both(f => f.SourceClusterName.Add(value));
                    break;
                case "to-cluster":
                    RequireValue(typed, at);
                    tracker.Both(f => f.DestinationClusterName.Add(value));
                    break;
                case "protocol":
                    var protocol = value.ToLowerInvariant();
                    if (!ObserveValues.Protocols.Contains(protocol))
                    {
                        throw Error(
                            $"filter: unknown protocol '{TextExcerpt.Of(value)}' for {typed} at position {at.Position}{SpellingSuggestion.Hint(value, ObserveValues.Protocols)}; expected one of {string.Join(", ", ObserveValues.Protocols)}",
                            at);
                    }

                    tracker.Both(f => f.Protocol.Add(protocol));
                    break;
                case "tcp-flags":
                    if (!ObserveValues.TryParseTcpFlags(value, out var flags, out var badFlag))
                    {
                        throw Error(
                            $"filter: unknown TCP flag '{TextExcerpt.Of(badFlag)}' in {typed} '{TextExcerpt.Of(value)}' at position {at.Position}{SpellingSuggestion.Hint(badFlag, ObserveValues.TcpFlagNames)}; expected a comma-separated list of {string.Join(", ", ObserveValues.TcpFlagNames)}",
                            at);
                    }

                    tracker.Both(f => f.TcpFlags.Add(flags));
                    break;
                case "type":
                    var eventType = ParseEventType(typed, at);
                    tracker.Both(f => f.EventType.Add(eventType.Clone()));
                    break;
                case "verdict":
                    if (!ProtoEnumNames.TryParse(ProtoEnumNames.Verdict, value, out var verdict))
                    {
                        throw Error(
                            $"filter: invalid --verdict value '{TextExcerpt.Of(value)}' at position {at.Position}{SpellingSuggestion.Hint(value, ProtoEnumNames.Names(ProtoEnumNames.Verdict))}; expected FORWARDED, DROPPED, AUDIT, REDIRECTED, ERROR, TRACED or TRANSLATED",
                            at);
                    }

                    tracker.Both(f => f.Verdict.Add((Verdict)verdict));
                    break;
                case "drop-reason-desc":
                    if (!ProtoEnumNames.TryParse(ProtoEnumNames.DropReason, value, out var reason))
                    {
                        throw Error(
                            $"filter: invalid --drop-reason-desc value '{TextExcerpt.Of(value)}' at position {at.Position}{SpellingSuggestion.Hint(value, ProtoEnumNames.Names(ProtoEnumNames.DropReason))}; expected a drop reason name such as POLICY_DENIED",
                            at);
                    }

                    tracker.Both(f => f.DropReasonDesc.Add((DropReason)reason));
                    break;
                case "http-status":
                    Validate(typed, at, () => HttpStatusPattern.Compile([value]));
                    tracker.Both(f => f.HttpStatusCode.Add(value));
                    break;
                case "http-method":
                    RequireValue(typed, at);
                    tracker.Both(f => f.HttpMethod.Add(value));
                    break;
                case "http-path":
                    Validate(typed, at, () => Re2Regex.Compile(value, "invalid http path filter"));
                    tracker.Both(f => f.HttpPath.Add(value));
                    break;
                case "http-url":
                    Validate(typed, at, () => Re2Regex.Compile(value, "invalid http url filter"));
                    tracker.Both(f => f.HttpUrl.Add(value));
                    break;
                case "http-header":
                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    if (colon < 0)
                    {
                        throw Error($"filter: invalid {typed} value '{TextExcerpt.Of(value)}' at position {at.Position}; expected name:value, e.g. content-type:application/json", at);
                    }

                    var header = new HTTPHeader { Key = value[..colon], Value = value[(colon + 1)..] };
                    tracker.Both(f => f.HttpHeader.Add(header.Clone()));
                    break;
                case "trace-id":
                    RequireValue(typed, at);
                    tracker.Both(f => f.TraceId.Add(value));
                    break;
                case "ip-trace-id":
                    if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var traceId) || traceId == 0)
                    {
                        throw Error($"filter: invalid {typed} value '{TextExcerpt.Of(value)}' at position {at.Position}; must be a number greater than 0", at);
                    }

                    tracker.Both(f => f.IpTraceId.Add(traceId));
                    break;
                case "fqdn":
                    Validate(typed, at, () => FqdnPattern.Compile([value]));
                    tracker.Left(f => f.SourceFqdn.Add(value));
                    tracker.Right(f => f.DestinationFqdn.Add(value));
                    break;
                case "from-fqdn":
                    Validate(typed, at, () => FqdnPattern.Compile([value]));
                    tracker.Both(f => f.SourceFqdn.Add(value));
                    break;
                case "to-fqdn":
                    Validate(typed, at, () => FqdnPattern.Compile([value]));
                    tracker.Both(f => f.DestinationFqdn.Add(value));
                    break;
                case "ip":
                    Validate(typed, at, () => IpMatcher.Compile([value], "IP"));
                    tracker.Left(f => f.SourceIp.Add(value));
                    tracker.Right(f => f.DestinationIp.Add(value));
                    break;
                case "from-ip":
                    Validate(typed, at, () => IpMatcher.Compile([value], "source IP"));
                    tracker.Both(f => f.SourceIp.Add(value));
                    break;
                case "to-ip":
                    Validate(typed, at, () => IpMatcher.Compile([value], "destination IP"));
                    tracker.Both(f => f.DestinationIp.Add(value));
                    break;
                case "snat-ip":
                    Validate(typed, at, () => IpMatcher.Compile([value], "SNAT IP"));
                    tracker.Both(f => f.SourceIpXlated.Add(value));
                    break;
                case "ipv4":
                    tracker.Both(f => f.IpVersion.Add(IPVersion.Ipv4));
                    break;
                case "ipv6":
                    tracker.Both(f => f.IpVersion.Add(IPVersion.Ipv6));
                    break;
                case "ip-version":
                    var version = value.ToLowerInvariant() switch
                    {
                        "4" or "v4" or "ipv4" or "ip4" => IPVersion.Ipv4,
                        "6" or "v6" or "ipv6" or "ip6" => IPVersion.Ipv6,
                        "none" or "0" => IPVersion.IpNotUsed,
                        _ => throw Error($"filter: invalid {typed} value '{TextExcerpt.Of(value)}' at position {at.Position}; expected 4, v4, ipv4, ip4, 6, v6, ipv6, ip6 or none", at),
                    };
                    tracker.Both(f => f.IpVersion.Add(version));
                    break;
                case "pod":
                    RequireValue(typed, at);
                    tracker.Left(f => f.SourcePod.Add(value));
                    tracker.Right(f => f.DestinationPod.Add(value));
                    break;
                case "from-pod":
                    RequireValue(typed, at);
                    tracker.Both(f => f.SourcePod.Add(value));
                    break;
                case "to-pod":
                    RequireValue(typed, at);
                    tracker.Both(f => f.DestinationPod.Add(value));
                    break;
                case "namespace" or "from-namespace" or "to-namespace":
                    RequireValue(typed, at, " (use --all-namespaces for any namespace)");
                    if (value.Contains('/', StringComparison.Ordinal))
                    {
                        throw Error($"filter: invalid {typed} value '{TextExcerpt.Of(value)}' at position {at.Position}; a namespace has no '/', use --pod {TextExcerpt.Of(value)} for a pod", at);
                    }

                    NamespaceList(tracker, name).Add(value);
                    break;
                case "all-namespaces" or "from-all-namespaces" or "to-all-namespaces":
                    NamespaceList(tracker, name).Add(string.Empty);
                    break;
                case "label":
                    ValidateSelector(typed, at);
                    tracker.Left(f => f.SourceLabel.Add(value));
                    tracker.Right(f => f.DestinationLabel.Add(value));
                    break;
                case "from-label":
                    ValidateSelector(typed, at);
                    tracker.Both(f => f.SourceLabel.Add(value));
                    break;
                case "to-label":
                    ValidateSelector(typed, at);
                    tracker.Both(f => f.DestinationLabel.Add(value));
                    break;
                case "service":
                    RequireValue(typed, at);
                    tracker.Left(f => f.SourceService.Add(value));
                    tracker.Right(f => f.DestinationService.Add(value));
                    break;
                case "from-service":
                    RequireValue(typed, at);
                    tracker.Both(f => f.SourceService.Add(value));
                    break;
                case "to-service":
                    RequireValue(typed, at);
                    tracker.Both(f => f.DestinationService.Add(value));
                    break;
                case "port":
                    ValidatePort(typed, at);
                    tracker.Left(f => f.SourcePort.Add(value));
                    tracker.Right(f => f.DestinationPort.Add(value));
                    break;
                case "from-port":
                    ValidatePort(typed, at);
                    tracker.Both(f => f.SourcePort.Add(value));
                    break;
                case "to-port":
                    ValidatePort(typed, at);
                    tracker.Both(f => f.DestinationPort.Add(value));
                    break;
                case "workload":
                    RequireValue(typed, at);
                    tracker.Left(f => f.SourceWorkload.Add(ObserveValues.ParseWorkload(value)));
                    tracker.Right(f => f.DestinationWorkload.Add(ObserveValues.ParseWorkload(value)));
                    break;
                case "from-workload":
                    RequireValue(typed, at);
                    tracker.Both(f => f.SourceWorkload.Add(ObserveValues.ParseWorkload(value)));
                    break;
                case "to-workload":
                    RequireValue(typed, at);
                    tracker.Both(f => f.DestinationWorkload.Add(ObserveValues.ParseWorkload(value)));
                    break;
                case "identity":
                    var identity = ParseIdentity(typed, at);
                    tracker.Left(f => f.SourceIdentity.Add(identity));
                    tracker.Right(f => f.DestinationIdentity.Add(identity));
                    break;
                case "from-identity":
                    var fromIdentity = ParseIdentity(typed, at);
                    tracker.Both(f => f.SourceIdentity.Add(fromIdentity));
                    break;
                case "to-identity":
                    var toIdentity = ParseIdentity(typed, at);
                    tracker.Both(f => f.DestinationIdentity.Add(toIdentity));
                    break;
                case "traffic-direction":
                    var direction = value.ToLowerInvariant() switch
                    {
                        "ingress" => TrafficDirection.Ingress,
                        "egress" => TrafficDirection.Egress,
                        _ => throw Error($"filter: invalid traffic direction '{TextExcerpt.Of(value)}' at position {at.Position}; expected ingress or egress", at),
                    };
                    tracker.Both(f => f.TrafficDirection.Add(direction));
                    break;
                case "cel-expression":
                    RequireValue(typed, at);
                    tracker.Both(f => (f.Experimental ??= new FlowFilter.Types.Experimental()).CelExpression.Add(value));
                    break;
                case "interface":
                    RequireValue(typed, at);
                    tracker.Both(f => f.Interface.Add(new NetworkInterface { Name = value }));
                    break;
                case "encrypted":
                    tracker.Both(f => f.Encrypted.Add(true));
                    break;
                case "unencrypted":
                    tracker.Both(f => f.Encrypted.Add(false));
                    break;
                default:
                    throw Error($"filter: flag '{TextExcerpt.Of(typed)}' at position {flagToken.Position} is not a filter flag", flagToken);
            }

            if (tracker.NamespaceConflict() is { } namespaceConflict)
            {
                throw Error($"filter: {namespaceConflict} (flag '{TextExcerpt.Of(typed)}' at position {flagToken.Position})", flagToken);
            }
        }

        private static List<string> NamespaceList(FilterTracker tracker, string name) => name switch
        {
            "namespace" or "all-namespaces" => tracker.Namespaces,
            "from-namespace" or "from-all-namespaces" => tracker.SourceNamespaces,
            _ => tracker.DestinationNamespaces,
        };

        private EventTypeFilter ParseEventType(string typed, ObserveToken at)
        {
            var value = at.Text;
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var typeText = colon < 0 ? value : value[..colon];
            var filter = new EventTypeFilter();
            if (ObserveValues.EventTypes.TryGetValue(typeText, out var type))
            {
                filter.Type = type;
            }
            else if (int.TryParse(typeText, NumberStyles.None, CultureInfo.InvariantCulture, out type))
            {
                filter.Type = type;
            }
            else
            {
                throw Error(
                    $"filter: unknown event type '{TextExcerpt.Of(typeText)}' for {typed} at position {at.Position}{SpellingSuggestion.Hint(typeText, ObserveValues.EventTypes.Keys)}; expected one of {string.Join(", ", ObserveValues.EventTypes.Keys)} or a number",
                    at);
            }

            if (colon < 0)
            {
                return filter;
            }

            var subText = value[(colon + 1)..];
            if (filter.Type == 4 && ObserveValues.TraceSubTypes.TryGetValue(subText, out var subType))
            {
                filter.MatchSubType = true;
                filter.SubType = subType;
                return filter;
            }

            if (!int.TryParse(subText, NumberStyles.None, CultureInfo.InvariantCulture, out subType))
            {
                var hint = filter.Type == 4 ? SpellingSuggestion.Hint(subText, ObserveValues.TraceSubTypes.Keys) : string.Empty;
                throw Error(
                    $"filter: unknown event sub-type '{TextExcerpt.Of(subText)}' for {typed} at position {at.Position}{hint}; use a trace observation point such as to-endpoint or a number",
                    at);
            }

            filter.MatchSubType = true;
            filter.SubType = subType;
            return filter;
        }

        private uint ParseIdentity(string typed, ObserveToken at)
        {
            if (!ObserveValues.TryParseIdentity(at.Text, out var identity))
            {
                throw Error(
                    $"filter: invalid security identity '{TextExcerpt.Of(at.Text)}' for {typed} at position {at.Position}{SpellingSuggestion.Hint(at.Text, ObserveValues.ReservedIdentities.Keys)}; expected one of {string.Join(", ", ObserveValues.ReservedIdentities.Keys)} or a numeric value",
                    at);
            }

            return identity;
        }

        private void ValidatePort(string typed, ObserveToken at)
        {
            if (!ushort.TryParse(at.Text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw Error($"filter: invalid port '{TextExcerpt.Of(at.Text)}' for {typed} at position {at.Position}; expected a number from 0 to 65535", at);
            }
        }

        private void ValidateSelector(string typed, ObserveToken at)
        {
            try
            {
                LabelSelector.Parse(at.Text);
            }
            catch (FormatException e)
            {
                throw Error($"filter: invalid {typed} value at position {at.Position}: {TextExcerpt.Of(e.Message, 4 * TextExcerpt.MaxQuoted)}", at);
            }
        }

        private void Validate(string typed, ObserveToken at, Action check)
        {
            try
            {
                check();
            }
            catch (InvalidFlowFilterException e)
            {
                throw Error($"filter: invalid {typed} value '{TextExcerpt.Of(at.Text)}' at position {at.Position}: {TextExcerpt.Of(e.Message, 4 * TextExcerpt.MaxQuoted)}", at);
            }
        }

        private void RequireValue(string typed, ObserveToken at, string fix = "")
        {
            if (at.Text.Length == 0)
            {
                throw Error($"filter: {typed} at position {at.Position} needs a non-empty value{fix}", at);
            }
        }

        private FlowFilter ParseRawFilter(string flag, ObserveToken at)
        {
            try
            {
                var filter = JsonParser.Default.Parse<FlowFilter>(at.Text);
                FlowFilterEvaluator.Compile([filter], []);
                return filter;
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or InvalidFlowFilterException or FormatException)
            {
                throw Error($"filter: invalid --{flag} FlowFilter JSON at position {at.Position}: {TextExcerpt.Of(e.Message, 4 * TextExcerpt.MaxQuoted)}", at);
            }
        }

        private void CheckOptionConflicts()
        {
            if (_firstToken is not { } first)
            {
                return;
            }

            var other = _lastToken is not null ? "--last" : _allToken is not null ? "--all" : _followToken is not null ? "--follow" : null;
            if (other is not null)
            {
                throw Error($"filter: --first at position {first.Position} cannot be combined with {other}; use one of them", first);
            }
        }

        private FilterSyntaxException Error(string message, ObserveToken token)
        {
            return new FilterSyntaxException(message, token.Position, token.Length > 0 && token.Position + token.Length <= text.Length
                ? text.Substring(token.Position, token.Length)
                : token.Text);
        }
    }
}
