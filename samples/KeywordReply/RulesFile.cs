using Microsoft.Extensions.Logging;

namespace WeQuick.Samples.KeywordReply;

/// <summary>
/// A rules file kept current: before each use it checks (at most every <c>checkEvery</c>) whether the file changed,
/// and reads it again. A file that does not parse is reported and the rules in use stay as they were.
/// Checking the file's time and size is simpler and more reliable than file-system notifications, which
/// containers and network drives do not always deliver.
/// </summary>
public sealed class RulesFile
{
    private readonly string _path;
    private readonly TimeSpan _checkEvery;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private KeywordRules _rules;
    private (DateTime Written, long Length) _version;
    private long _lastCheck;

    /// <summary>Reads the file; it must exist and parse.</summary>
    /// <exception cref="FormatException">The file is not a valid rules file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public RulesFile(string path, ILogger log, TimeSpan? checkEvery = null, TimeProvider? time = null)
    {
        _path = Path.GetFullPath(path);
        _log = log;
        _checkEvery = checkEvery ?? TimeSpan.FromSeconds(1);
        _time = time ?? TimeProvider.System;
        _version = Version();
        _rules = KeywordRules.Parse(File.ReadAllText(_path));
        _lastCheck = _time.GetTimestamp();
        _log.LogRulesLoaded(_rules.Count, _path);
    }

    /// <summary>The rules as the file says now.</summary>
    public KeywordRules Current
    {
        get
        {
            lock (_gate)
            {
                if (_time.GetElapsedTime(_lastCheck) >= _checkEvery)
                {
                    _lastCheck = _time.GetTimestamp();
                    Reload();
                }

                return _rules;
            }
        }
    }

    private void Reload()
    {
        try
        {
            var version = Version();
            if (version == _version)
            {
                return;
            }

            _version = version;
            _rules = KeywordRules.Parse(File.ReadAllText(_path));
            _log.LogRulesLoaded(_rules.Count, _path);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            _log.LogRulesRejected(_path, ex.Message);
        }
    }

    private (DateTime, long) Version()
    {
        var info = new FileInfo(_path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : throw new FileNotFoundException($"no rules file at {_path}", _path);
    }
}

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} rules from {Path}")]
    public static partial void LogRulesLoaded(this ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Kept the previous rules: {Path} is not valid: {Reason}")]
    public static partial void LogRulesRejected(this ILogger logger, string path, string reason);
}
