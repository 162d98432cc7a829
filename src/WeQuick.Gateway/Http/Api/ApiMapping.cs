using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Queries;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>
/// The one mapping from the core's typed records (projection documents, query records) to the developer API's
/// answers: each field of an answer is named here, so a storage change that would change an answer does not
/// compile, and a change of an answer is a change of this file (pinned by the API contract tests).
/// </summary>
internal static class ApiMapping
{
    public static AccountView ToView(this AccountSummary summary)
    {
        var a = summary.Account;
        var c = summary.Counts;
        return new AccountView
        {
            Wxid = a.Wxid,
            LoginState = a.LoginState,
            LoggedIn = a.LoggedIn,
            Online = a.Online,
            QrPending = a.QrPending,
            LogoutCause = a.LogoutCause,
            Instance = a.Instance,
            Profile = a.Profile is { } p ? new AccountProfile
            {
                Wxid = p.Wxid,
                Username = p.Username,
                Nick = p.Nick,
                HeadPic = p.HeadPic,
                Sex = p.Sex,
                Country = p.Country,
                Province = p.Province,
                City = p.City,
                Uin = p.Uin,
            } : null,
            FirstSeenAt = a.FirstSeenAt,
            LoggedInAt = a.LoggedInAt,
            LoggedOutAt = a.LoggedOutAt,
            Interface = a.Interface,
            Counts = new AccountCounts(c.Contacts, c.Rooms, c.RoomMembers, c.PublicAccounts, c.Messages, c.FriendRequests, c.Transfers, c.Uploads),
        };
    }

    public static ContactView ToView(this ContactEntry entry) => entry switch
    {
        { Person: { } c } => new ContactView
        {
            Wxid = c.Wxid,
            Category = c.Category,
            Username = c.Username,
            Nick = c.Nick,
            AsName = c.AsName,
            HeadPic = c.HeadPic,
            Sex = c.Sex,
            Country = c.Country,
            Province = c.Province,
            City = c.City,
            DeletedAt = c.DeletedAt,
            Zombie = c.Zombie,
            ZombieCheckedAt = c.ZombieCheckedAt,
        },
        { Room: { } r } => new ContactView { Wxid = r.Wxid, Category = r.Category, Nick = r.Nick, Owner = r.Owner, HeadPic = r.HeadPic, RoomCount = r.RoomCount, JoinedAt = r.JoinedAt, Left = r.Left },
        { Public: { } p } => new ContactView { Wxid = p.Wxid, Nick = p.Nick, HeadPic = p.HeadPic },
        _ => throw new ArgumentException("an empty contact entry", nameof(entry)),
    };

    public static RoomView ToView(this RoomDocument r) => new()
    {
        Wxid = r.Wxid,
        Nick = r.Nick,
        Owner = r.Owner,
        HeadPic = r.HeadPic,
        RoomCount = r.RoomCount,
        JoinedAt = r.JoinedAt,
        Category = r.Category,
        IsOwner = r.IsOwner,
        Left = r.Left,
        LeftAt = r.LeftAt,
    };

    public static MemberView ToView(this MemberDocument m) => new()
    {
        Room = m.Room,
        Wxid = m.Wxid,
        Nick = m.Nick,
        Username = m.Username,
        HeadPic = m.HeadPic,
        Sex = m.Sex,
        IsOwner = m.IsOwner,
        RoomNick = m.RoomNick,
        InviteBy = m.InviteBy,
        Left = m.Left,
        LeftAt = m.LeftAt,
    };

    public static MessageView ToView(this MessageRecord record)
    {
        var (e, m) = (record.Event, record.Message);
        return new MessageView
        {
            Seq = e.Seq,
            Kind = m.Kind,
            At = MessageDocument.Time(e.ReceivedAt),
            Conversation = m.ConversationId,
            Sender = m.SenderWxid,
            IsSelf = m.IsSelf,
            IsRoom = m.IsRoom,
            MsgType = m.MsgType,
            MsgId = m.MsgId,
            Timestamp = m.Timestamp,
            Mentions = m is TextMessageReport { AtList.Count: > 0 } text ? text.AtList : null,
            Report = NormalizedJson.ToElement(m),
            BodyOmitted = record.OmittedBodyBytes is null ? null : true,
            BodyBytes = record.OmittedBodyBytes,
            BodyUrl = record.OmittedBodyBytes is null ? null : EventView.BodyPath(e.Seq),
        };
    }

    public static ConversationView ToConversationView(this MessageRecord latest)
    {
        var message = latest.ToView();
        return new ConversationView { Conversation = message.Conversation, IsRoom = message.IsRoom, LastAt = message.At, LastMessage = message };
    }

    public static FriendRequestView ToView(this FriendRequestDocument r) => new()
    {
        Wxid = r.Wxid,
        Nick = r.Nick,
        Username = r.Username,
        HeadPic = r.HeadPic,
        NoticeWord = r.NoticeWord,
        V1 = r.V1,
        V2 = r.V2,
        State = r.State,
        RequestedAt = r.RequestedAt,
        Seq = r.Seq,
    };

    public static TransferView ToView(this TransferDocument t) => new()
    {
        TransferId = t.TransferId,
        Conversation = t.Conversation,
        History = [.. t.History.Select(h => new TransferStep { Seq = h.Seq, At = h.At, PaySubtype = h.PaySubtype, IsSelf = h.IsSelf })],
        FeeDesc = t.FeeDesc,
        PayMemo = t.PayMemo,
        PaySubtype = t.PaySubtype,
        State = t.State,
    };

    public static InstanceView ToView(this InstanceSnapshot i, string? generation) =>
        new() { Id = i.Id, Client = i.Client, Pid = i.Pid, Online = i.Online, Account = i.Account, LastSeenAt = i.LastSeen, Interface = generation };

    public static FavoriteView ToView(this FavoriteItemDocument f) => new()
    {
        LocalId = f.LocalId,
        FromUser = f.FromUser,
        RoomMember = f.RoomMember,
        Title = f.Title,
        Type = f.ItemType,
        UpdateTime = f.UpdateTime,
        Xml = f.Xml,
    };

    public static Page<TView> Map<TItem, TView>(this QueryPage<TItem> page, Func<TItem, TView> view) => new([.. page.Items.Select(view)], page.NextCursor);
}
