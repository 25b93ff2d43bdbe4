using System.Text.RegularExpressions;
using Cilium.Flow;
using NetObs.Hubble.Evaluation;

namespace NetObs.Hubble.Tests.Evaluation;

/// <summary>The RE2 form of node-name patterns the history stores match in SQL accepts exactly what the evaluator accepts.</summary>
public sealed class NodeNameRegexTests
{
    private static readonly string[] Patterns =
        ["prod/", "default/", "p*/", "aks-*", "prod/aks-*", "*/node-1*", "*", "*/*", "a.b/c", "Prod/", "d*t/n1", "/aks-1"];

    private static readonly string[] Names =
        ["prod/aks-1", "aks-1", "default/aks-1", "dev/aks-1", "prod/node-12", "a.b/c", "axb/c", "Prod/aks-1", "prod/AKS-1",
         "prod/a/b", "prod/", "/aks-1", "", "dat/n1", "prod/aks-1.", "prod/aks..1", "node-1", "p/node-1x"];

    [Fact]
    public void Regex_and_evaluator_agree_on_every_name()
    {
        foreach (var pattern in Patterns)
        {
            var regex = new Regex($"^(?:{NodeNameRegex.Of([pattern])})$", RegexOptions.CultureInvariant);
            var evaluator = FlowFilterEvaluator.Compile([new FlowFilter { NodeName = { pattern } }], []);
            foreach (var name in Names)
            {
                Assert.True(evaluator.Matches(new Flow { NodeName = name }) == regex.IsMatch(name), $"pattern '{pattern}' and name '{name}' disagree");
            }
        }
    }

    [Fact]
    public void Several_patterns_are_alternatives()
    {
        var regex = new Regex($"^(?:{NodeNameRegex.Of(["prod/", "dev/"])})$", RegexOptions.CultureInvariant);

        Assert.Matches(regex, "prod/aks-1");
        Assert.Matches(regex, "dev/aks-1");
        Assert.DoesNotMatch(regex, "aks-1");
    }
}
