using System.Diagnostics;

namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// Wall time of the DuckDB store's write stages, summed over batches: compressing the originals (on every core),
/// appending the blocks, appending the rows (the writer's columns), and the commit. Counting costs four timestamps a
/// batch; the ingest benchmark prints the split, so a change to the write path is measured where it lands.
/// </summary>
internal sealed class DuckDbWriteProfile
{
    private long _compress;
    private long _blocks;
    private long _rows;
    private long _commit;

    public TimeSpan Compress => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _compress));

    public TimeSpan Blocks => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _blocks));

    public TimeSpan Rows => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _rows));

    public TimeSpan Commit => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _commit));

    public void Add(long compress, long blocks, long rows, long commit)
    {
        Interlocked.Add(ref _compress, compress);
        Interlocked.Add(ref _blocks, blocks);
        Interlocked.Add(ref _rows, rows);
        Interlocked.Add(ref _commit, commit);
    }
}
