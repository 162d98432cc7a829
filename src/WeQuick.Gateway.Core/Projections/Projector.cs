using System.Buffers;
using System.Text.Json;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Projections;

/// <summary>The projection collections.</summary>
internal static class Collections
{
    public const string Account = "account";
    public const string Instance = "instance";
    public const string Contact = "contact";
    public const string Room = "room";
    public const string Member = "member";
    public const string Public = "public";
    public const string Conversation = "conversation";
    public const string FriendRequest = "friendRequest";
    public const string Transfer = "transfer";
    public const string Upload = "upload";
    public const string Favorites = "favorites";

    /// <summary>The key of a room member's document: the room and the member.</summary>
    public static string MemberKey(string room, string wxid) => room + "/" + wxid;
}

/// <summary>
/// Derives the projections (the documents of ProjectionDocuments.cs) from the log, one event at a time, in sequence order.
/// It reads only the event (its stored columns and decoded body) and the documents it wrote before, so replaying
/// the log (<c>wequick rebuild</c>) produces exactly what live ingestion produced.
/// </summary>
internal sealed partial class Projector
{
    /// <summary>
    /// Applies one event. <paramref name="report"/> is its decoded body (null for gateway events). Returns the account
    /// the event logged in (one that was not logged in before it, or not known at all), or null: the caller, not the
    /// projector, decides what follows a login, so a rebuild replays the documents and nothing else.
    /// </summary>
#pragma warning disable CA1822 // An instance, so a projector with settings or caches can replace it without touching callers.
    public string? Apply(IGatewayWriteSession session, StoredEvent e, Report? report)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(e);
        var w = new Writer(session, e);
        if (e.Source == EventSource.Gateway)
        {
            return ApplyGatewayEvent(w, e);
        }

        var account = e.Account;
        string? loggedIn = null;
        switch (report)
        {
            case LoginQrReport qr:
                // reportLoginQrCode (first generation) or reportQrCodeMessage (second): the same QR code.
                QrCode(w, e, qr.QrBase64);
                break;
            case LoginUserReport user:
                loggedIn = LoggedIn(w, user.Account ?? user.Wxid, user);
                break;
            case LoginStatusReport status when account is not null:
                if (status.LoggedIn)
                {
                    loggedIn = LoggedIn(w, account, null);
                }
                else if (status.Code == 0)
                {
                    LoggedOut(w, account, "loginStatus");
                }

                break;
            case LogoutReport when account is not null:
                // PC WeChat's logout button and a logout from the phone both arrive as reportLogout.
                LoggedOut(w, account, "wechatOrPhone");
                break;
            case LogoutResultReport res when account is not null:
                if (res.Succeeded || res.SendResult is null)
                {
                    LoggedOut(w, account, res.SendId is { Length: > 0 } ? "logoutCommand" : "clientLogoutButton");
                }

                break;
            case ContactReport contacts when account is not null:
                Contacts(w, account, contacts);
                break;
            case UsersInfoReport info when account is not null:
                foreach (var u in info.UserLists ?? [])
                {
                    Profile(w, account, u, category: null);
                }

                break;
            case UsersWxidReport ids when account is not null:
                foreach (var id in ids.UserLists ?? [])
                {
                    KnownId(w, account, id);
                }

                break;
            case ChatRoomUserListsReport room when account is not null && room.Wxid is { Length: > 0 }:
                RoomMembers(w, account, room);
                break;
            case ChatRoomUserNickReport nick when account is not null && nick.ChatRoom is { Length: > 0 } && nick.Wxid is { Length: > 0 }:
                {
                    var key = Collections.MemberKey(nick.ChatRoom, nick.Wxid);
                    var m = w.Get<MemberDocument>(Collections.Member, account, key) ?? NewMember(nick.ChatRoom, nick.Wxid);
                    w.Put(Collections.Member, account, key, m with { RoomNick = nick.ChatNick ?? m.RoomNick });
                    break;
                }

            case ChatRoomChangeReport change when account is not null && change.ChatRoom is { Length: > 0 }:
                {
                    var r = w.Get<RoomDocument>(Collections.Room, account, change.ChatRoom) ?? new RoomDocument { Wxid = change.ChatRoom };
                    w.Put(Collections.Room, account, change.ChatRoom, r with { Nick = change.Nick ?? r.Nick, JoinedAt = Time(e.ReceivedAt) });
                    break;
                }

            case FriendAddRequestReport request when account is not null && request.Wxid is { Length: > 0 }:
                w.Put(Collections.FriendRequest, account, request.Wxid, new FriendRequestDocument
                {
                    Wxid = request.Wxid,
                    Nick = request.Nick,
                    Username = request.Username,
                    HeadPic = request.HeadPic,
                    NoticeWord = request.NoticeWord,
                    V1 = request.V1,
                    V2 = request.V2,
                    State = "pending",
                    RequestedAt = Time(e.ReceivedAt),
                    Seq = e.Seq,
                });
                break;
            case UploadFileResultReport upload when account is not null && upload.SendId is { Length: > 0 }:
                w.Put(Collections.Upload, account, upload.SendId, new UploadDocument
                {
                    SendId = upload.SendId,
                    SendResult = upload.SendResult,
                    ServerCode = upload.ServerCode,
                    ErrorReason = upload.ErrorReason,
                    Succeeded = upload.Succeeded,
                    At = Time(e.ReceivedAt),
                    Seq = e.Seq,
                });
                break;
            case MessageReport message when account is not null:
                Message(w, e, account, message);
                break;
            case not null when account is not null:
                SecondGeneration(w, e, account, report);
                break;
        }

        if (account is not null && !w.Has(Collections.Account, account, string.Empty))
        {
            // The first we hear of the account is a report carrying its cwxid: only a logged-in account sends those.
            var acc = Account(w, account);
            if (report is not (LogoutReport or LogoutResultReport or LoginStatusReport))
            {
                acc = (acc with { LoggedIn = true }).Recomputed();
                loggedIn = account;
            }

            w.Put(Collections.Account, account, string.Empty, acc);
        }

        Generation(w, e, account, report);
        return loggedIn;
    }
#pragma warning restore CA1822

    /// <summary>
    /// Records the generation of the interface a report shows its sender speaking on the account and the instance it
    /// came from (the latest one heard wins: a client replaced by one of the other generation is learned again).
    /// </summary>
    private static void Generation(Writer w, StoredEvent e, string? account, Report? report)
    {
        if (ClientGenerations.Name(ClientGenerations.Of(report)) is not { } name)
        {
            return;
        }

        if (account is not null && w.Get<AccountDocument>(Collections.Account, account, string.Empty) is { } acc && acc.Interface != name)
        {
            w.Put(Collections.Account, account, string.Empty, acc with { Interface = name });
        }

        if (e.Instance is { } instance && w.Get<InstanceDocument>(Collections.Instance, string.Empty, instance) is { } doc && doc.Interface != name)
        {
            w.Put(Collections.Instance, string.Empty, instance, doc with { Interface = name });
        }
    }

    private static string? ApplyGatewayEvent(Writer w, StoredEvent e)
    {
        var change = GatewayEvents.Read(e);
        var instance = change.Instance;
        var doc = w.Get<InstanceDocument>(Collections.Instance, string.Empty, instance)
            ?? new InstanceDocument { Id = instance, Client = change.Client, Pid = change.Pid };
        switch (e.Kind)
        {
            case GatewayEvents.InstanceOnline:
                doc = doc with { Online = true, OnlineAt = Time(e.ReceivedAt) };
                break;
            case GatewayEvents.InstanceOffline:
                doc = doc with { Online = false, OfflineAt = Time(e.ReceivedAt) };
                break;
            case GatewayEvents.InstanceBound when change.Account is { } account:
                if (doc.Account is { } previous && previous != account && w.Get<AccountDocument>(Collections.Account, previous, string.Empty) is { } old
                    && old.Instance == instance)
                {
                    w.Put(Collections.Account, previous, string.Empty, (old with { Instance = null, Online = false }).Recomputed());
                }

                doc = doc with { Account = account, LoginState = "loggedIn", QrCode = null };
                break;
        }

        w.Put(Collections.Instance, string.Empty, instance, doc);
        if (doc.Account is { } bound)
        {
            var acc = Account(w, bound);
            if (e.Kind != GatewayEvents.InstanceBound && acc.Instance is { } current && current != instance)
            {
                // The account has moved to another instance since; this one's presence is no longer its own.
                return null;
            }

            var wasLoggedIn = acc.LoggedIn;
            acc = acc with { Instance = instance, Online = doc.Online };
            if (e.Kind == GatewayEvents.InstanceBound)
            {
                // A poll that carries the wxid comes from a logged-in instance.
                acc = acc with { LoggedIn = true, QrPending = false };
            }

            w.Put(Collections.Account, bound, string.Empty, acc.Recomputed());
            return acc.LoggedIn && !wasLoggedIn ? bound : null;
        }

        return null;
    }

    private static void QrCode(Writer w, StoredEvent e, string? qrBase64)
    {
        if (e.Instance is { } instance && w.Get<InstanceDocument>(Collections.Instance, string.Empty, instance) is { } doc)
        {
            doc = doc with { LoginState = "qrPending", QrCode = qrBase64, QrAt = Time(e.ReceivedAt) };
            w.Put(Collections.Instance, string.Empty, instance, doc);
            if (doc.Account is { } bound && w.Get<AccountDocument>(Collections.Account, bound, string.Empty) is { } acc)
            {
                w.Put(Collections.Account, bound, string.Empty, (acc with { LoggedIn = false, QrPending = true }).Recomputed());
            }
        }
    }

    /// <summary>Records the account logged in; returns it when it was not logged in before.</summary>
    private static string? LoggedIn(Writer w, string? wxid, LoginUserReport? profile)
    {
        if (wxid is not { Length: > 0 })
        {
            return null;
        }

        var before = Account(w, wxid);
        var acc = before with { LoggedIn = true, QrPending = false, LogoutCause = null };
        if (profile is not null)
        {
            acc = acc with
            {
                LoggedInAt = Time(w.Event.ReceivedAt),
                Profile = new AccountProfileDocument
                {
                    Wxid = profile.Wxid ?? wxid,
                    Username = profile.Username,
                    Nick = profile.Nick,
                    HeadPic = profile.HeadPic,
                    Sex = profile.Sex,
                    Country = profile.Country,
                    Province = profile.Province,
                    City = profile.City,
                    Uin = profile.Uin,
                },
            };
        }

        w.Put(Collections.Account, wxid, string.Empty, acc.Recomputed());
        return before.LoggedIn ? null : wxid;
    }

    private static void LoggedOut(Writer w, string wxid, string cause)
    {
        var acc = (Account(w, wxid) with { LoggedIn = false, LogoutCause = cause, LoggedOutAt = Time(w.Event.ReceivedAt) }).Recomputed();
        w.Put(Collections.Account, wxid, string.Empty, acc);
        if (acc.Instance is { } instance && w.Get<InstanceDocument>(Collections.Instance, string.Empty, instance) is { } doc)
        {
            w.Put(Collections.Instance, string.Empty, instance, doc with { LoginState = "loggedOut" });
        }
    }

    private static AccountDocument Account(Writer w, string wxid) =>
        w.Get<AccountDocument>(Collections.Account, wxid, string.Empty) ?? new AccountDocument { Wxid = wxid, FirstSeenAt = Time(w.Event.ReceivedAt) };

    private static void Contacts(Writer w, string account, ContactReport report)
    {
        foreach (var f in report.FriendList ?? [])
        {
            var category = f.IsFriend switch
            {
                1 => "friend",
                0 => "stranger",
                2 => "blacklisted",
                _ => "unknown",
            };
            Known(w, account, f, category);
        }

        foreach (var g in report.GroupList ?? [])
        {
            Room(w, account, g, category: null);
        }

        foreach (var p in report.PublicList ?? [])
        {
            Public(w, account, p);
        }
    }

    /// <summary>A room of a list (the first generation's reportContact, the second's reportChatRooms and reportImRooms): merged into what is known, its listed members added.</summary>
    private static void Room(Writer w, string account, RoomSummary g, string? category)
    {
        if (g.Wxid is not { Length: > 0 })
        {
            return;
        }

        var room = w.Get<RoomDocument>(Collections.Room, account, g.Wxid) ?? new RoomDocument { Wxid = g.Wxid };
        w.Put(Collections.Room, account, g.Wxid, room with
        {
            Nick = g.Nick ?? room.Nick,
            Owner = g.Owner ?? room.Owner,
            HeadPic = g.HeadPic ?? room.HeadPic,
            RoomCount = g.RoomCount ?? room.RoomCount,
            Category = category ?? room.Category,
            IsOwner = category is null ? room.IsOwner : g.IsOwner ?? room.IsOwner,
        });
        foreach (var member in g.UserLists ?? [])
        {
            var key = Collections.MemberKey(g.Wxid, member);
            if (!w.Has(Collections.Member, account, key))
            {
                w.Put(Collections.Member, account, key, NewMember(g.Wxid, member));
            }
        }
    }

    private static void Public(Writer w, string account, PublicAccount p)
    {
        if (p.Wxid is not { Length: > 0 })
        {
            return;
        }

        var doc = w.Get<PublicDocument>(Collections.Public, account, p.Wxid) ?? new PublicDocument { Wxid = p.Wxid };
        w.Put(Collections.Public, account, p.Wxid, doc with { Nick = p.Nick ?? doc.Nick, HeadPic = p.HeadPic ?? doc.HeadPic });
    }

    /// <summary>A person a contact list names, of <paramref name="category"/>; a pending friend request of a friend is accepted.</summary>
    private static void Known(Writer w, string account, UserProfile u, string category)
    {
        Profile(w, account, u, category);
        if (category == "friend" && u.Wxid is { Length: > 0 } && w.Get<FriendRequestDocument>(Collections.FriendRequest, account, u.Wxid) is { State: "pending" } request)
        {
            w.Put(Collections.FriendRequest, account, u.Wxid, request with { State = "accepted" });
        }
    }

    private static void Profile(Writer w, string account, UserProfile u, string? category)
    {
        if (u.Wxid is not { Length: > 0 })
        {
            return;
        }

        var doc = w.Get<ContactDocument>(Collections.Contact, account, u.Wxid) ?? new ContactDocument { Wxid = u.Wxid };
        w.Put(Collections.Contact, account, u.Wxid, doc with
        {
            Category = category ?? doc.Category,
            DeletedAt = category is null or "deleted" ? doc.DeletedAt : null,
            Username = u.Username ?? doc.Username,
            Nick = u.Nick ?? doc.Nick,
            AsName = u.AsName ?? doc.AsName,
            HeadPic = u.HeadPic ?? doc.HeadPic,
            Sex = u.Sex ?? doc.Sex,
            Country = u.Country ?? doc.Country,
            Province = u.Province ?? doc.Province,
            City = u.City ?? doc.City,
        });
    }

    private static void KnownId(Writer w, string account, string id)
    {
        if (id.Length == 0)
        {
            return;
        }

        if (Wxids.IsRoom(id))
        {
            if (!w.Has(Collections.Room, account, id))
            {
                w.Put(Collections.Room, account, id, new RoomDocument { Wxid = id });
            }
        }
        else if (Wxids.IsPublic(id))
        {
            if (!w.Has(Collections.Public, account, id))
            {
                w.Put(Collections.Public, account, id, new PublicDocument { Wxid = id });
            }
        }
        else if (!w.Has(Collections.Contact, account, id))
        {
            w.Put(Collections.Contact, account, id, new ContactDocument { Wxid = id });
        }
    }

    private static void RoomMembers(Writer w, string account, ChatRoomUserListsReport report)
    {
        var id = report.Wxid!;
        var room = w.Get<RoomDocument>(Collections.Room, account, id) ?? new RoomDocument { Wxid = id };
        w.Put(Collections.Room, account, id, room with
        {
            Nick = report.Nick ?? room.Nick,
            Owner = report.Owner ?? room.Owner,
            HeadPic = report.HeadPic ?? room.HeadPic,
            RoomCount = report.RoomCount ?? room.RoomCount,
        });
        foreach (var u in report.UserLists ?? [])
        {
            if (u.Wxid is not { Length: > 0 })
            {
                continue;
            }

            var key = Collections.MemberKey(id, u.Wxid);
            var m = w.Get<MemberDocument>(Collections.Member, account, key) ?? NewMember(id, u.Wxid);
            w.Put(Collections.Member, account, key, m with
            {
                Nick = u.Nick ?? m.Nick,
                Username = u.Username ?? m.Username,
                HeadPic = u.HeadPic ?? m.HeadPic,
                Sex = u.Sex ?? m.Sex,
                IsOwner = u.Wxid == report.Owner,
            });
        }
    }

    private static void Message(Writer w, StoredEvent e, string account, MessageReport m)
    {
        // The message itself stays in the log (the message queries read it from there); only its conversation's
        // pointer to the latest message is kept here, a ConversationPointer written field by field: this runs for
        // every message, on the single writer.
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, MessageDocument.WriterOptions))
        {
            json.WriteStartObject();
            MessageDocument.WriteNullable(json, "conversation", m.ConversationId);
            json.WriteNumber("lastSeq", e.Seq);
            json.WriteEndObject();
        }

        w.PutRaw(Collections.Conversation, account, MessageDocument.ConversationKey(m.ConversationId), buffer.WrittenSpan);
        if (m is TransferMessageReport t && t.TransferId is { Length: > 0 })
        {
            var transfer = w.Get<TransferDocument>(Collections.Transfer, account, t.TransferId)
                ?? new TransferDocument { TransferId = t.TransferId, Conversation = m.ConversationId, History = [] };
            w.Put(Collections.Transfer, account, t.TransferId, transfer with
            {
                FeeDesc = t.FeeDesc ?? transfer.FeeDesc,
                PayMemo = t.PayMemo ?? transfer.PayMemo,
                PaySubtype = t.PaySubtype,
                State = t.PaySubtype switch
                {
                    1 => "sent",
                    3 => "accepted",
                    4 => "returned",
                    _ => "unknown",
                },
                History = [.. transfer.History, new TransferStepDocument { Seq = e.Seq, At = Time(e.ReceivedAt), PaySubtype = t.PaySubtype, IsSelf = m.IsSelf }],
            });
        }
    }

    private static MemberDocument NewMember(string room, string wxid) => new() { Room = room, Wxid = wxid };

    private static string Time(DateTimeOffset at) => MessageDocument.Time(at);

    private readonly struct Writer(IGatewayWriteSession session, StoredEvent e)
    {
        public StoredEvent Event { get; } = e;

        public T? Get<T>(string collection, string account, string key)
            where T : class =>
            session.GetDocument(collection, account, key) is { } doc ? ProjectionStore.Read<T>(doc.Json) : null;

        public bool Has(string collection, string account, string key) => session.HasDocument(collection, account, key);

        public void Put<T>(string collection, string account, string key, T doc) =>
            session.PutDocument(new ProjectionDocument(collection, account, key, Event.Seq, ProjectionStore.Write(doc)));

        public void PutRaw(string collection, string account, string key, ReadOnlySpan<byte> utf8Json) =>
            session.PutDocument(collection, account, key, Event.Seq, utf8Json);
    }
}

/// <summary>Reads and writes the stored projection documents (<see cref="CoreJson"/>).</summary>
internal static class ProjectionStore
{
    public static T Read<T>(string json) => JsonSerializer.Deserialize(json, CoreJson.Document<T>())
        ?? throw new InvalidDataException($"a stored {typeof(T).Name} is null");

    public static string Write<T>(T document) => JsonSerializer.Serialize(document, CoreJson.Document<T>());
}
