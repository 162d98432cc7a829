using System.Globalization;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Commands;

/// <summary>
/// Who runs a command: an account (its wxid) or an instance (a WeChat process, by pid). Stored and shown as its
/// <see cref="Key"/>: the wxid, or <c>pid:N</c>. The one place that writes and reads that form.
/// </summary>
internal readonly record struct CommandTarget
{
    /// <summary>What the key of every instance target starts with.</summary>
    public const string InstancePrefix = "pid:";

    private CommandTarget(string? account, int pid)
    {
        Account = account;
        Pid = pid;
    }

    /// <summary>The account's wxid; null for an instance.</summary>
    public string? Account { get; }

    /// <summary>The instance's pid; 0 for an account.</summary>
    public int Pid { get; }

    public bool IsInstance => Account is null;

    public CommandTargetKind Kind => IsInstance ? CommandTargetKind.Instance : CommandTargetKind.Account;

    /// <summary>The stored form: the wxid, or <c>pid:N</c>.</summary>
    public string Key => Account ?? InstanceKey(Pid);

    public static CommandTarget ForAccount(string wxid) => new(wxid, 0);

    public static CommandTarget ForInstance(int pid) => new(null, pid);

    /// <summary>The key of the instance target <paramref name="pid"/>.</summary>
    public static string InstanceKey(int pid) => InstancePrefix + pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether a stored key names an instance.</summary>
    public static bool IsInstanceKey(string key) => key.StartsWith(InstancePrefix, StringComparison.Ordinal);

    /// <summary>
    /// Parses a target as a user gives it: a well-formed account wxid (<see cref="Wxids.IsWellFormedUser"/>), or
    /// <c>pid:N</c> with N a WeChat process id.
    /// </summary>
    public static bool TryParse(string? text, out CommandTarget target, out string? error)
    {
        target = default;
        error = null;
        var value = text?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            error = "\"target\" is required: an account wxid, or \"pid:N\" for a WeChat instance before login";
            return false;
        }

        if (IsInstanceKey(value))
        {
            if (!TryParsePid(value.AsSpan(InstancePrefix.Length), out var pid))
            {
                error = $"\"target\" \"{Shown(value)}\" is not a valid instance: use pid: followed by the WeChat process id";
                return false;
            }

            target = ForInstance(pid);
            return true;
        }

        if (!Wxids.IsWellFormedUser(value))
        {
            error = $"\"target\" {UserRule(value)}";
            return false;
        }

        target = ForAccount(value);
        return true;
    }

    /// <summary>A WeChat process id: a whole number above 0.</summary>
    public static bool TryParsePid(ReadOnlySpan<char> text, out int pid) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out pid) && pid > 0;

    /// <summary>Why <paramref name="value"/> is not a wxid of a person or official account.</summary>
    public static string UserRule(string value) => Wxids.IsRoom(value)
        ? $"'{Shown(value)}' is a room id; a wxid of a person or official account is expected here"
        : $"'{Shown(value)}' is not a wxid: use {Wxids.UserRule}";

    /// <summary>Why <paramref name="value"/> is not a room id.</summary>
    public static string RoomRule(string value) => $"'{Shown(value)}' is not a room id: use {Wxids.RoomRule}, for example 12345678@chatroom";

    /// <summary>A value as an error message shows it: at most 80 characters.</summary>
    public static string Shown(string value) => value.Length <= 80 ? value : value[..80] + "…";

    public override string ToString() => Key;
}
