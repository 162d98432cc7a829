using System.Globalization;
using System.Text;

namespace WeQuick.Cli.Gateway;

/// <summary>
/// The exclusive hold a running gateway (<c>serve</c>, <c>demo</c>) keeps on its data folder, so that two gateways
/// never write one store. <see cref="LockFile"/> is opened with <see cref="FileShare.None"/> and stays open for the
/// gateway's life; the operating system lets it go when the process ends, even by a crash. Who holds it (process id,
/// listen URLs) is written as text to <see cref="LockFile"/> and to <see cref="InfoFile"/>: while the hold lasts
/// another process cannot open the lock file itself, so it reads the info file, and trusts it only while the lock
/// is taken. Commands meant to run beside a gateway (<c>keys</c>) never take the lock.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    public const string LockFile = "wequick.lock";

    public const string InfoFile = "wequick.lock.info";

    private readonly FileStream _lock;
    private readonly string _infoPath;
    private int _disposed;

    private DataFolderLock(string folder, FileStream held)
    {
        Folder = folder;
        _lock = held;
        _infoPath = Path.Combine(folder, InfoFile);
    }

    /// <summary>The data folder as configured (relative paths stay relative).</summary>
    public string Folder { get; }

    /// <summary>Takes the hold on <paramref name="folder"/> (created if missing); throws <see cref="DataFolderInUseException"/> when a gateway holds it.</summary>
    public static DataFolderLock Acquire(string folder, string urls)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else if (!Directory.Exists(folder))
        {
            // As the store creates it: a new data folder is the owner's only.
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var path = Path.Combine(folder, LockFile);
        FileStream held;
        try
        {
            held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new DataFolderInUseException(folder, ReadHolder(folder));
        }

        var hold = new DataFolderLock(folder, held);
        hold.Record(urls);
        return hold;
    }

    /// <summary>Who holds <paramref name="folder"/>: null when no running gateway does.</summary>
    public static LockHolder? FindHolder(string folder)
    {
        var path = Path.Combine(folder, LockFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            // A shared read open: refused while a gateway holds the file with FileShare.None, and never blocks a gateway
            // for longer than this open lasts.
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (IOException)
        {
            return ReadHolder(folder) ?? new LockHolder(null, null);
        }
        catch (UnauthorizedAccessException)
        {
            return ReadHolder(folder) ?? new LockHolder(null, null);
        }
    }

    /// <summary>Writes who holds the folder: this process and <paramref name="urls"/> (the bound addresses once known).</summary>
    public void Record(string urls)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"pid={Environment.ProcessId}\nurls={urls}\n");
        var bytes = Encoding.UTF8.GetBytes(text);
        _lock.SetLength(0);
        _lock.Position = 0;
        _lock.Write(bytes);
        _lock.Flush();
        File.WriteAllText(_infoPath, text);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The info file first: a reader that still finds the lock taken may read a gone info file (no details), never a stale one.
        try
        {
            File.Delete(_infoPath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        _lock.Dispose();
    }

    private static LockHolder? ReadHolder(string folder)
    {
        string text;
        try
        {
            text = File.ReadAllText(Path.Combine(folder, InfoFile));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        int? pid = null;
        string? urls = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("pid=", StringComparison.Ordinal) && int.TryParse(line.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                pid = p;
            }
            else if (line.StartsWith("urls=", StringComparison.Ordinal))
            {
                urls = line[5..];
            }
        }

        return new LockHolder(pid, urls);
    }
}

/// <summary>The gateway process holding a data folder: its id and listen URLs, each null when it could not be read.</summary>
internal sealed record LockHolder(int? Pid, string? Urls)
{
    /// <summary>"pid 1234, http://127.0.0.1:8080", or what of it is known.</summary>
    public override string ToString() => (Pid, Urls) switch
    {
        ({ } p, { Length: > 0 } u) => string.Create(CultureInfo.InvariantCulture, $"pid {p}, {u}"),
        ({ } p, _) => string.Create(CultureInfo.InvariantCulture, $"pid {p}"),
        (null, { Length: > 0 } u) => u,
        _ => "a process that did not say who it is",
    };
}

/// <summary>A gateway already holds the data folder: the message names the folder and the holder.</summary>
internal sealed class DataFolderInUseException(string folder, LockHolder? holder)
    : IOException($"the data folder {folder} is in use by another gateway ({holder?.ToString() ?? "a process that did not say who it is"}); stop that one, or give this one another folder with --data DIR")
{
    public string Folder { get; } = folder;

    public LockHolder? Holder { get; } = holder;
}
