using System.Text.RegularExpressions;
using WeQuick.Protocol;

namespace WeQuick.Sdk;

/// <summary>
/// Someone joined a room, as read from the room's system notice (<c>reportChatroomMessage</c>) in WeChat's wording:
/// <c>"X"邀请"Y"加入了群聊</c>, <c>你邀请"Y"加入了群聊</c>, <c>"X"邀请你加入了群聊</c>,
/// <c>"Y"通过扫描"X"分享的二维码加入群聊</c> and their "你" forms.
/// </summary>
public sealed partial record RoomMemberJoin
{
    /// <summary>The room.</summary>
    public string Room { get; init; } = string.Empty;

    /// <summary>The nicknames of who joined (several for one invitation of many); empty when the account itself joined.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>True when the account itself joined.</summary>
    public bool AccountJoined { get; init; }

    /// <summary>The nickname of who invited them (or shared the QR code); null when the account did.</summary>
    public string? InvitedBy { get; init; }

    /// <summary>True when the account itself invited them (or shared the QR code).</summary>
    public bool InvitedByAccount { get; init; }

    /// <summary>True when they joined by scanning a QR code rather than by invitation.</summary>
    public bool ViaQrCode { get; init; }

    /// <summary>Reads a join from a room notice; null when the notice says something else.</summary>
    /// <param name="notice">A <c>reportChatroomMessage</c>.</param>
    public static RoomMemberJoin? From(ChatroomMessageReport notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Room is not { } room || notice.Message is not { } text)
        {
            return null;
        }

        text = text.Trim();
        var match = Invited().Match(text);
        var viaQr = false;
        if (!match.Success)
        {
            match = Scanned().Match(text);
            viaQr = true;
            if (!match.Success)
            {
                return null;
            }
        }

        var who = match.Groups["who"];
        var by = match.Groups["by"];
        return new RoomMemberJoin
        {
            Room = room,
            Names = who.Success ? [.. who.Value.Split('、', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.Trim('"'))] : [],
            AccountJoined = !who.Success,
            InvitedBy = by.Success ? by.Value : null,
            InvitedByAccount = !by.Success,
            ViaQrCode = viaQr,
        };
    }

    [GeneratedRegex("^(?:\"(?<by>[^\"]*)\"|你)邀请(?:\"(?<who>.*)\"|你)加入了群聊$")]
    private static partial Regex Invited();

    [GeneratedRegex("^(?:\"(?<who>[^\"]*)\"|你)通过扫描(?:\"(?<by>[^\"]*)\"|你)分享的二维码加入群聊$")]
    private static partial Regex Scanned();
}
