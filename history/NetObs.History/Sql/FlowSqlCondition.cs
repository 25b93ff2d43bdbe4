namespace NetObs.History.Sql;

/// <summary>
/// A WHERE condition for the flows table. When <see cref="Exact"/> is false the condition selects a superset
/// (some filter fields have no SQL form) and the caller must evaluate the filters in process on the rows it returns;
/// a LIMIT may then only be applied after that evaluation.
/// </summary>
public sealed record FlowSqlCondition(string Sql, bool Exact);
