using Cilium.Observer;
using Google.Protobuf;
using NetObs.Simulator.Options;

namespace NetObs.Simulator.Replay;

/// <summary>Reads a jsonpb capture, one GetFlowsResponse per line.</summary>
public static class ReplayFileReader
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static List<GetFlowsResponse> Read(TextReader reader, string origin)
    {
        var responses = new List<GetFlowsResponse>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                responses.Add(Parser.Parse<GetFlowsResponse>(line));
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
            {
                throw new OptionsException($"--replay '{origin}' line {lineNumber}: not a jsonpb GetFlowsResponse ({e.Message}); pass `hubble observe -o jsonpb` output.");
            }
        }

        return responses;
    }
}
