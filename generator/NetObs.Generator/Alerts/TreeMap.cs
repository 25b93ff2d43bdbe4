using System.Collections;

namespace NetObs.Generator.Alerts;

/// <summary>
/// An insertion-ordered mapping for the documents the alert writers build (YAML, ARM JSON, Bicep), so every output
/// keeps the key order reviewers expect. Values are string, bool, int, double, <see cref="TreeMap"/>,
/// <see cref="IReadOnlyList{T}"/> of values, or <see cref="AzureExpression"/>.
/// </summary>
public sealed class TreeMap : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> entries = [];

    public int Count => entries.Count;

    public object? this[string key]
    {
        get => entries.FirstOrDefault(e => e.Key == key).Value;
        set
        {
            var index = entries.FindIndex(e => e.Key == key);
            if (index >= 0)
            {
                entries[index] = new(key, value);
            }
            else
            {
                entries.Add(new(key, value));
            }
        }
    }

    /// <summary>Collection-initializer support: <c>new TreeMap { { "key", value } }</c>.</summary>
    public void Add(string key, object? value) => this[key] = value;

    /// <summary>A mapping of string labels in key order (labels and annotations are sorted by the caller when that matters).</summary>
    public static TreeMap From(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var map = new TreeMap();
        foreach (var (key, value) in pairs)
        {
            map[key] = value;
        }

        return map;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
