using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Projections;

/// <summary>
/// The second generation's reports that change the projections (docs/protocol.md, "What each second-generation report
/// changes"). Its lists come one kind per report, and each is merged as the first generation's reportContact is: a list
/// adds and updates what it names and removes nothing, so a friends list never touches rooms or official accounts, and
/// a list that came back short loses nobody. What leaves is said by its own report (reportContactDel,
/// reportChatRoomMemberDel, reportChatRoomQuit) and marked on the document, which stays: the store's projections are
/// only ever written, and a rebuild writes the same marks.
/// </summary>
internal sealed partial class Projector
{
    /// <summary>The contact categories of the second generation's lists.</summary>
    internal const string Friend = "friend";

    internal const string ImFriend = "imFriend";

    internal const string Deleted = "deleted";

    private static void SecondGeneration(Writer w, StoredEvent e, string account, Report report)
    {
        switch (report)
        {
            case ContactsReport list:
                foreach (var f in list.FriendList ?? [])
                {
                    Known(w, account, f, Friend);
                }

                break;
            case ImContactsReport list:
                foreach (var f in list.FriendList ?? [])
                {
                    Known(w, account, f, ImFriend);
                }

                break;
            case PublicsReport list:
                foreach (var p in list.PublicList ?? [])
                {
                    Public(w, account, p);
                }

                break;
            case SingleContactReport { Contact: { } c }:
                Known(w, account, c, Friend);
                break;
            case ContactAddReport { Contact: { } c }:
                Added(w, account, c);
                break;
            case UpdateContactReport { Contact: { } c, Status: not 0 }:
                // Any WeChat user looked up, as the first generation's reportUsersInfo: the profile, the category kept.
                Profile(w, account, c, category: null);
                break;
            case ContactDelReport { Wxid: { Length: > 0 } wxid } when !Wxids.IsRoom(wxid) && !Wxids.IsPublic(wxid):
                {
                    var doc = w.Get<ContactDocument>(Collections.Contact, account, wxid) ?? new ContactDocument { Wxid = wxid };
                    w.Put(Collections.Contact, account, wxid, doc with { Category = Deleted, DeletedAt = Time(e.ReceivedAt) });
                    break;
                }

            case ZombieCheckMessageReport { Wxid: { Length: > 0 } wxid } zombie:
                {
                    var doc = w.Get<ContactDocument>(Collections.Contact, account, wxid) ?? new ContactDocument { Wxid = wxid };
                    w.Put(Collections.Contact, account, wxid, doc with { Zombie = ZombieState(zombie.Status), ZombieCheckedAt = Time(e.ReceivedAt) });
                    break;
                }

            case ChatRoomsReport list:
                foreach (var g in list.GroupList ?? [])
                {
                    Room(w, account, g, "room");
                }

                break;
            case ImRoomsReport list:
                foreach (var g in list.GroupList ?? [])
                {
                    Room(w, account, g, "imRoom");
                }

                break;
            case SingleChatRoomMembersReport r when r.Wxid is { Length: > 0 }:
                Members(w, e, account, r, "room", MemberChange.Present);
                break;
            case SingleImRoomMembersReport r when r.Wxid is { Length: > 0 }:
                Members(w, e, account, r, "imRoom", MemberChange.Present);
                break;
            case ChatRoomMemberAddReport r when r.Wxid is { Length: > 0 }:
                Members(w, e, account, r, null, MemberChange.Joined);
                break;
            case ChatRoomMemberDelReport r when r.Wxid is { Length: > 0 }:
                Members(w, e, account, r, null, MemberChange.Left);
                break;
            case NewChatRoomReport r when r.Wxid is { Length: > 0 }:
                Members(w, e, account, r, null, MemberChange.Joined);
                {
                    var room = w.Get<RoomDocument>(Collections.Room, account, r.Wxid)!;
                    w.Put(Collections.Room, account, r.Wxid, room with { JoinedAt = Time(e.ReceivedAt), Left = room.Left is true ? false : room.Left });
                }

                break;
            case ChatRoomQuitReport { RoomWxid: { Length: > 0 } id }:
                {
                    var room = w.Get<RoomDocument>(Collections.Room, account, id) ?? new RoomDocument { Wxid = id };
                    w.Put(Collections.Room, account, id, room with { Left = true, LeftAt = Time(e.ReceivedAt) });
                    break;
                }

            case FavitemsReport favorites when favorites.Status is not 0:
                // The whole list: it replaces the one before. A list the client could not read (status 0) changes nothing.
                w.Put(Collections.Favorites, account, string.Empty, new FavoritesDocument
                {
                    Items = [.. (favorites.Items ?? []).Select(i => new FavoriteItemDocument
                    {
                        LocalId = i.LocalId,
                        FromUser = i.FromUser,
                        RoomMember = i.RoomMember,
                        Title = i.Title,
                        ItemType = i.ItemType,
                        UpdateTime = i.UpdateTime,
                        Xml = i.Xml,
                    })],
                    Status = favorites.Status,
                    At = Time(e.ReceivedAt),
                    Seq = e.Seq,
                });
                break;
        }
    }

    /// <summary>reportContactAdd: a friend, or an official account the account followed, or a room saved to its contacts.</summary>
    private static void Added(Writer w, string account, UserProfile c)
    {
        if (Wxids.IsPublic(c.Wxid))
        {
            Public(w, account, new PublicAccount { Wxid = c.Wxid, Nick = c.Nick, HeadPic = c.HeadPic });
        }
        else if (Wxids.IsRoom(c.Wxid))
        {
            Room(w, account, new RoomSummary { Wxid = c.Wxid, Nick = c.Nick, HeadPic = c.HeadPic }, category: null);
        }
        else
        {
            Known(w, account, c, Friend);
        }
    }

    /// <summary>The values of <see cref="ContactDocument.Zombie"/>, from reportZombieCheckMessage's status.</summary>
    internal static string ZombieState(int? status) => status switch
    {
        0 => "ok",
        1 => "blockedYou",
        2 => "deletedYou",
        3 => "gone",
        _ => "unknown",
    };

    private enum MemberChange
    {
        /// <summary>A room's member list: those listed are in it.</summary>
        Present,

        /// <summary>Those listed joined (reportChatRoomMemberAdd, reportNewChatRoom).</summary>
        Joined,

        /// <summary>Those listed left or were removed (reportChatRoomMemberDel).</summary>
        Left,
    }

    /// <summary>A room and some of its members, from a second-generation room report.</summary>
    private static void Members(Writer w, StoredEvent e, string account, RoomMembersReport r, string? category, MemberChange change)
    {
        var id = r.Wxid!;
        var room = w.Get<RoomDocument>(Collections.Room, account, id) ?? new RoomDocument { Wxid = id };
        w.Put(Collections.Room, account, id, room with
        {
            Nick = r.Nick ?? room.Nick,
            Owner = r.Owner ?? room.Owner,
            HeadPic = r.HeadPic ?? room.HeadPic,
            RoomCount = r.RoomCount ?? room.RoomCount,
            IsOwner = r.IsOwner ?? room.IsOwner,
            Category = category ?? room.Category,
        });
        var owner = r.Owner ?? room.Owner;
        foreach (var u in r.UserLists ?? [])
        {
            if (u.Wxid is not { Length: > 0 })
            {
                continue;
            }

            var key = Collections.MemberKey(id, u.Wxid);
            var m = w.Get<MemberDocument>(Collections.Member, account, key) ?? NewMember(id, u.Wxid);
            m = m with
            {
                Nick = u.Nick ?? m.Nick,
                Username = u.Username ?? m.Username,
                HeadPic = u.HeadPic ?? m.HeadPic,
                Sex = u.Sex ?? m.Sex,
                RoomNick = u.DisplayName ?? m.RoomNick,
                InviteBy = u.InviteBy ?? m.InviteBy,
                IsOwner = owner is null ? m.IsOwner : u.Wxid == owner,
            };
            m = change == MemberChange.Left
                ? m with { Left = true, LeftAt = Time(e.ReceivedAt) }
                : m with { Left = m.Left is true ? false : m.Left };
            w.Put(Collections.Member, account, key, m);
        }
    }
}
