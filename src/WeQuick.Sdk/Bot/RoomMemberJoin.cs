using System.Text.RegularExpressions;
using WeQuick.Protocol;

namespace WeQuick.Sdk;

/// <summary>
/// Someone joined a room. A client of the interface's second generation says so in a report of its own
/// (<c>reportChatRoomMemberAdd</c>, with wxids; <c>reportNewChatRoom</c> for the account itself); a first-generation
/// client only writes the room's system notice (<c>reportChatroomMessage</c>), read here in WeChat's wording:
/// <c>"X"邀请"Y"加入了群聊</c>, <c>你邀请"Y"加入了群聊</c>, <c>"X"邀请你加入了群聊</c>,
/// <c>"Y"通过扫描"X"分享的二维码加入群聊</c> and their "你" forms.
/// </summary>
public sealed partial record RoomMemberJoin
{
    /// <summary>The room.</summary>
    public string Room { get; init; } = string.Empty;

    /// <summary>The nicknames of who joined (several for one invitation of many); empty when only the account itself joined.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>
    /// The wxids of who joined, in the order of <see cref="Names"/>, when the client reported them (second generation);
    /// empty when the join was read from a system notice, which names people by nickname only.
    /// </summary>
    public IReadOnlyList<string> Wxids { get; init; } = [];

    /// <summary>True when the account itself joined.</summary>
    public bool AccountJoined { get; init; }

    /// <summary>
    /// The nickname of who invited them (or shared the QR code), when known; null when the account did, and when the
    /// client named the inviter by wxid only (<see cref="InvitedByWxid"/>).
    /// </summary>
    public string? InvitedBy { get; init; }

    /// <summary>The wxid of who invited them (<c>inviteBy</c>, second generation; that of the first member listed); null when not reported.</summary>
    public string? InvitedByWxid { get; init; }

    /// <summary>True when the account itself invited them (or shared the QR code).</summary>
    public bool InvitedByAccount { get; init; }

    /// <summary>True when they joined by scanning a QR code rather than by invitation (known from system notices only).</summary>
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
            Names = who.Success ? RoomNotices.SplitNames(who.Value) : [],
            AccountJoined = !who.Success,
            InvitedBy = by.Success ? by.Value : null,
            InvitedByAccount = !by.Success,
            ViaQrCode = viaQr,
        };
    }

    /// <summary>
    /// Reads a join from a second-generation <c>reportChatRoomMemberAdd</c>; null when it names no room or no member.
    /// The account among the members sets <see cref="AccountJoined"/> and is left out of the names.
    /// </summary>
    /// <param name="report">The report.</param>
    public static RoomMemberJoin? From(ChatRoomMemberAddReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Wxid is not { Length: > 0 } room || RoomNotices.Members(report) is not { } members)
        {
            return null;
        }

        var inviter = report.UserLists!.Select(u => u.InviteBy).FirstOrDefault(i => !string.IsNullOrEmpty(i));
        return new RoomMemberJoin
        {
            Room = room,
            Names = members.Names,
            Wxids = members.Wxids,
            AccountJoined = members.Account,
            InvitedBy = inviter is null ? null : report.UserLists!.FirstOrDefault(u => u.Wxid == inviter)?.Nick,
            InvitedByWxid = inviter,
            InvitedByAccount = inviter is not null && inviter == report.Account,
        };
    }

    /// <summary>
    /// Reads the account's own join from a second-generation <c>reportNewChatRoom</c> (the client found the account in a
    /// room it did not know); null when it names no room.
    /// </summary>
    /// <param name="report">The report.</param>
    public static RoomMemberJoin? From(NewChatRoomReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Wxid is { Length: > 0 } room ? new RoomMemberJoin { Room = room, AccountJoined = true } : null;
    }

    [GeneratedRegex("^(?:\"(?<by>[^\"]*)\"|你)邀请(?:\"(?<who>.*)\"|你)加入了群聊$")]
    private static partial Regex Invited();

    [GeneratedRegex("^(?:\"(?<who>[^\"]*)\"|你)通过扫描(?:\"(?<by>[^\"]*)\"|你)分享的二维码加入群聊$")]
    private static partial Regex Scanned();
}

/// <summary>
/// Someone left a room or was removed from it. A second-generation client says so in a report of its own
/// (<c>reportChatRoomMemberDel</c>, with wxids; <c>reportChatRoomQuit</c> for the account itself); from a
/// first-generation client only removals are known, from the room's system notice (<c>reportChatroomMessage</c>):
/// <c>你将"Y"移出了群聊</c>, <c>"X"将"Y"移出了群聊</c> and, to the one removed, <c>你被"X"移出群聊</c>. WeChat writes
/// no notice when someone leaves by themselves, so a first-generation bot does not see that.
/// </summary>
public sealed partial record RoomMemberLeave
{
    /// <summary>The room.</summary>
    public string Room { get; init; } = string.Empty;

    /// <summary>The nicknames of who left; empty when only the account itself left.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>
    /// The wxids of who left, in the order of <see cref="Names"/>, when the client reported them (second generation);
    /// empty when read from a system notice.
    /// </summary>
    public IReadOnlyList<string> Wxids { get; init; } = [];

    /// <summary>True when the account itself left the room or was removed from it.</summary>
    public bool AccountLeft { get; init; }

    /// <summary>The nickname of who removed them, when a notice says so; null otherwise (and when the account did).</summary>
    public string? RemovedBy { get; init; }

    /// <summary>True when the account itself removed them (known from system notices only).</summary>
    public bool RemovedByAccount { get; init; }

    /// <summary>Reads a removal from a room notice; null when the notice says something else.</summary>
    /// <param name="notice">A <c>reportChatroomMessage</c>.</param>
    public static RoomMemberLeave? From(ChatroomMessageReport notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Room is not { } room || notice.Message is not { } text)
        {
            return null;
        }

        text = text.Trim();
        if (RemovedOther().Match(text) is { Success: true } removed)
        {
            var by = removed.Groups["by"];
            return new RoomMemberLeave
            {
                Room = room,
                Names = RoomNotices.SplitNames(removed.Groups["who"].Value),
                RemovedBy = by.Success ? by.Value : null,
                RemovedByAccount = !by.Success,
            };
        }

        if (RemovedAccount().Match(text) is { Success: true } self)
        {
            return new RoomMemberLeave { Room = room, AccountLeft = true, RemovedBy = self.Groups["by"].Value };
        }

        return null;
    }

    /// <summary>
    /// Reads a leave from a second-generation <c>reportChatRoomMemberDel</c>; null when it names no room or no member.
    /// The account among the members sets <see cref="AccountLeft"/> and is left out of the names.
    /// </summary>
    /// <param name="report">The report.</param>
    public static RoomMemberLeave? From(ChatRoomMemberDelReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Wxid is not { Length: > 0 } room || RoomNotices.Members(report) is not { } members)
        {
            return null;
        }

        return new RoomMemberLeave { Room = room, Names = members.Names, Wxids = members.Wxids, AccountLeft = members.Account };
    }

    /// <summary>Reads the account's own leave from a second-generation <c>reportChatRoomQuit</c>; null when it names no room.</summary>
    /// <param name="report">The report.</param>
    public static RoomMemberLeave? From(ChatRoomQuitReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.RoomWxid is { Length: > 0 } room ? new RoomMemberLeave { Room = room, AccountLeft = true } : null;
    }

    [GeneratedRegex("^(?:\"(?<by>[^\"]*)\"|你)将\"(?<who>.*)\"移出了群聊$")]
    private static partial Regex RemovedOther();

    [GeneratedRegex("^你被\"(?<by>[^\"]*)\"移出群聊$")]
    private static partial Regex RemovedAccount();
}

/// <summary>What join and leave reads share.</summary>
internal static class RoomNotices
{
    /// <summary>The names of a notice's <c>"A、B"</c> list.</summary>
    public static IReadOnlyList<string> SplitNames(string names) =>
        [.. names.Split('、', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.Trim('"'))];

    /// <summary>The members a second-generation member report lists, without the account; null when it lists none.</summary>
    public static (IReadOnlyList<string> Names, IReadOnlyList<string> Wxids, bool Account)? Members(RoomMembersReport report)
    {
        var listed = report.UserLists?.Where(u => !string.IsNullOrEmpty(u.Wxid)).ToList();
        if (listed is not { Count: > 0 })
        {
            return null;
        }

        var others = listed.Where(u => u.Wxid != report.Account).ToList();
        return (
            [.. others.Select(u => u.DisplayName is { Length: > 0 } shown ? shown : u.Nick is { Length: > 0 } nick ? nick : u.Wxid!)],
            [.. others.Select(u => u.Wxid!)],
            others.Count < listed.Count);
    }
}
