using NetObs.Testing.ClickHouse;

namespace NetObs.History.Tests.Faults;

/// <summary>
/// Base of the tests that need one ClickHouse 18.16 server of their own (no cluster), because they kill, restart or
/// cut off the server: it starts in a temporary folder before the tests and goes away with the folder after them.
/// </summary>
public abstract class LoneClickHouseTest(string folderPrefix) : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    protected ClickHouseServerProcess ClickHouse { get; private set; } = null!;

    public async Task InitializeAsync() => ClickHouse = (await ClickHouseServerProcess.StartShardsAsync(1, "lone", _root))[0];

    public async Task DisposeAsync()
    {
        await ClickHouse.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A server slow to exit may still hold a file; the OS cleans the temp folder.
        }
    }
}
