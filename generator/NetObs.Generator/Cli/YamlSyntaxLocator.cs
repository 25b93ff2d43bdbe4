using NetObs.Generator.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NetObs.Generator.Cli;

/// <summary>
/// Finds where a YAML text stops being readable, for the parser failures that carry no position.
/// YamlDotNet 18.1 throws a bare <see cref="InvalidOperationException"/> from its scanner on some inputs
/// (an unclosed '[' followed by another key); re-reading the text event by event shows how far it got.
/// </summary>
public static class YamlSyntaxLocator
{
    /// <summary>The place the text stops parsing, with a sentence; null when the whole text parses.</summary>
    public static ConfigurationError? Locate(string yaml, string fileName)
    {
        var scanner = new Scanner(new StringReader(yaml), skipComments: true);
        var parser = new Parser(scanner);
        var openFlows = new Stack<(char Bracket, Mark Start)>();
        var lastGood = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case SequenceStart { Style: YamlDotNet.Core.Events.SequenceStyle.Flow } sequence:
                        openFlows.Push(('[', sequence.Start));
                        break;
                    case MappingStart { Style: YamlDotNet.Core.Events.MappingStyle.Flow } mapping:
                        openFlows.Push(('{', mapping.Start));
                        break;
                    case SequenceEnd or MappingEnd when openFlows.Count > 0 && parser.Current.Start.Index > openFlows.Peek().Start.Index:
                        openFlows.Pop();
                        break;
                }

                lastGood = parser.Current!.End;
            }

            return null;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            var where = e is YamlException located && located.Start.Line > 0 ? located.Start : Furthest(scanner.CurrentPosition, lastGood);
            return new ConfigurationError(fileName, where.Line, where.Column, Explain(openFlows));
        }
    }

    private static Mark Furthest(Mark a, Mark b) => a.Index >= b.Index ? a : b;

    private static string Explain(Stack<(char Bracket, Mark Start)> openFlows)
    {
        if (openFlows.Count > 0)
        {
            var (bracket, start) = openFlows.Peek();
            var closing = bracket == '[' ? ']' : '}';
            return $"this is not valid YAML: the '{bracket}' opened at line {start.Line}, column {start.Column} is not closed before this point; "
                + $"add the missing '{closing}', or write the {(bracket == '[' ? "list one item per line with '- '" : "mapping one key per line")}.";
        }

        return "this is not valid YAML from this point on; check the indentation, the quotes and the brackets here and on the line before.";
    }
}
