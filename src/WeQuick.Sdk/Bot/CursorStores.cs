using System.Globalization;
using System.Text;

namespace WeQuick.Sdk;

/// <summary>
/// Where a bot keeps its cursor: the seq up to which every event has been handled. A bot that starts with a
/// stored cursor continues after it, so a restart neither skips events nor handles one twice.
/// </summary>
public interface ICursorStore
{
    /// <summary>The stored cursor, or null when nothing was stored yet.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<long?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Stores the cursor (it only grows).</summary>
    /// <param name="seq">Every event up to this seq has been handled.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask SaveAsync(long seq, CancellationToken cancellationToken);
}

/// <summary>A cursor kept in a small text file, replaced atomically on each save.</summary>
public sealed class FileCursorStore : ICursorStore
{
    /// <summary>Keeps the cursor in <paramref name="path"/> (its folder is created when missing).</summary>
    /// <param name="path">The file.</param>
    public FileCursorStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async ValueTask<long?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        var text = (await File.ReadAllTextAsync(Path, cancellationToken)).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? seq
            : throw new InvalidDataException($"the cursor file {Path} does not hold a seq (a whole number): '{text}'");
    }

    /// <inheritdoc />
    public async ValueTask SaveAsync(long seq, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);

        // Written beside the file and moved over it, so a crash never leaves half a number.
        var temp = $"{Path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temp, seq.ToString(CultureInfo.InvariantCulture) + "\n", Encoding.ASCII, cancellationToken);
        File.Move(temp, Path, overwrite: true);
    }
}

/// <summary>A cursor kept in memory: survives a bot's restart within one process only.</summary>
public sealed class MemoryCursorStore : ICursorStore
{
    private long _seq = -1;

    /// <summary>The stored cursor, or null.</summary>
    public long? Seq => Interlocked.Read(ref _seq) is var s and >= 0 ? s : null;

    /// <inheritdoc />
    public ValueTask<long?> LoadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Seq);

    /// <inheritdoc />
    public ValueTask SaveAsync(long seq, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _seq, seq);
        return ValueTask.CompletedTask;
    }
}
