using System.Diagnostics;

namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// Wall time of the DuckDB store's write stages, summed over batches: the writer's time on the original blocks
/// (compressing them itself, or waiting for the helper that has one in hand; the helpers compress beside the rows),
/// appending the rows (the writer's columns, each block on its first row), and the commit. Counting costs three timestamps a
/// batch; the ingest benchmark prints the split, so a change to the write path is measured where it lands.
/// </summary>
internal sealed class DuckDbWriteProfile
{
    private long _compress;
    private long _rows;
    private long _commit;

    public TimeSpan Compress => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _compress));

    public TimeSpan Rows => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _rows));

    public TimeSpan Commit => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _commit));

    public void Add(long compress, long rows, long commit)
    {
        Interlocked.Add(ref _compress, compress);
        Interlocked.Add(ref _rows, rows);
        Interlocked.Add(ref _commit, commit);
    }
}
