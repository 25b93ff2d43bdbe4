namespace NetObs.Hubble.Evaluation;

/// <summary>
/// Collects a filter's predicates with a rough cost so cheap checks (enums, numbers) run before
/// string, IP, label and pattern checks; AND short-circuits on the first miss.
/// </summary>
internal sealed class CostedPredicates
{
    public const int Number = 1;
    public const int Text = 2;
    public const int Address = 3;
    public const int Labels = 4;
    public const int Pattern = 5;
    public const int Regex = 6;

    private readonly List<(int Cost, int Order, FlowPredicate Predicate)> _items = [];

    public void Add(FlowPredicate predicate, int cost = Number) => _items.Add((cost, _items.Count, predicate));

    public FlowPredicate[] ToArray() => [.. _items.OrderBy(i => i.Cost).ThenBy(i => i.Order).Select(i => i.Predicate)];
}
