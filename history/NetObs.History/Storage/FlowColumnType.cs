namespace NetObs.History.Storage;

/// <summary>The storage type of a column, mapped to each engine's type by its <see cref="NetObs.History.Sql.ISqlDialect"/>.</summary>
public enum FlowColumnType
{
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    String,
    StringList,
    Bytes,

    /// <summary>A UTC calendar day: the partition key, so retention drops whole days.</summary>
    Date,
}
