using Google.Protobuf.Collections;

namespace NetObs.History.Sql;

/// <summary>
/// A store that keeps each distinct list of endpoint labels once and names it by id in every row: a label filter is
/// then decided over the few distinct lists, and SQL keeps only the rows whose lists can match.
/// </summary>
public interface ILabelSetIndex
{
    /// <summary>
    /// A condition true for every row whose source's (or destination's) labels <paramref name="matches"/> accepts; it
    /// may be true for other rows too, so the filter still runs in process. Null when it would not narrow the rows.
    /// </summary>
    string? Candidates(bool source, Func<RepeatedField<string>, bool> matches);
}
