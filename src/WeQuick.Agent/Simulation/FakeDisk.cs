namespace WeQuick.Agent.Simulation;

/// <summary>
/// The client machine's disk as the simulator sees it: Windows-style paths (case-insensitive) to
/// in-memory bytes. A large file may be sparse (a length without bytes) so the 50 MB rule can be tested.
/// </summary>
internal sealed class FakeDisk
{
    public const long MaxReadable = 64L * 1024 * 1024;
    private readonly Dictionary<string, FakeFile> _files = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public void Write(string path, byte[] content)
    {
        lock (_gate)
        {
            _files[path] = new FakeFile(content.LongLength, content);
        }
    }

    public void WriteSparse(string path, long length)
    {
        lock (_gate)
        {
            _files[path] = new FakeFile(length, null);
        }
    }

    public bool TryGet(string path, out FakeFile file)
    {
        lock (_gate)
        {
            return _files.TryGetValue(path, out file!);
        }
    }

    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_gate)
            {
                return [.. _files.Keys];
            }
        }
    }

    /// <summary>The bytes of a file; a sparse file reads as zeros.</summary>
    public static byte[] Read(FakeFile file) => file.Content ?? new byte[file.Length];

    public static string FileName(string path)
    {
        var i = path.LastIndexOfAny(['\\', '/']);
        return i >= 0 ? path[(i + 1)..] : path;
    }
}

internal sealed record FakeFile(long Length, byte[]? Content);
