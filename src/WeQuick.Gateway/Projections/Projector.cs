using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
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
}

/// <summary>
/// Derives the projections from the log, one event at a time, in sequence order. It reads only the
/// event (its stored columns and decoded body) and the documents it wrote before, so replaying the log
/// (<c>wequick rebuild</c>) produces exactly what live ingestion produced.
/// </summary>
internal sealed class Projector
{
    private static readonly JsonSerializerOptions DocumentJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Applies one event. <paramref name="report"/> is its decoded body (null for gateway events).</summary>
#pragma warning disable CA1822 // An instance, so a projector with settings or caches can replace it without touching callers.
    public void Apply(IGatewayWriteSession session, StoredEvent e, Report? report)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(e);
        var w = new Writer(session, e);
        if (e.Source == EventSource.Gateway)
        {
            ApplyGatewayEvent(w, e);
            return;
        }

        var account = e.Account;
        switch (report)
        {
            case LoginQrCodeReport qr:
                QrCode(w, e, qr);
                break;
            case LoginUserReport user:
                LoggedIn(w, user.Account ?? user.Wxid, user);
                break;
            case LoginStatusReport status when account is not null:
                if (status.LoggedIn)
                {
                    LoggedIn(w, account, null);
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
                    var m = w.Get(Collections.Member, account, MemberKey(nick.ChatRoom, nick.Wxid)) ?? NewMember(nick.ChatRoom, nick.Wxid);
                    Set(m, "roomNick", nick.ChatNick);
                    w.Put(Collections.Member, account, MemberKey(nick.ChatRoom, nick.Wxid), m);
                    break;
                }

            case ChatRoomChangeReport change when account is not null && change.ChatRoom is { Length: > 0 }:
                {
                    var r = w.Get(Collections.Room, account, change.ChatRoom) ?? new JsonObject { ["wxid"] = change.ChatRoom };
                    Set(r, "nick", change.Nick);
                    r["joinedAt"] = Time(e.ReceivedAt);
                    w.Put(Collections.Room, account, change.ChatRoom, r);
                    break;
                }

            case FriendAddRequestReport request when account is not null && request.Wxid is { Length: > 0 }:
                {
                    var doc = new JsonObject
                    {
                        ["wxid"] = request.Wxid,
                        ["nick"] = request.Nick,
                        ["username"] = request.Username,
                        ["headPic"] = request.HeadPic,
                        ["noticeWord"] = request.NoticeWord,
                        ["v1"] = request.V1,
                        ["v2"] = request.V2,
                        ["state"] = "pending",
                        ["requestedAt"] = Time(e.ReceivedAt),
                        ["seq"] = e.Seq,
                    };
                    w.Put(Collections.FriendRequest, account, request.Wxid, doc);
                    break;
                }

            case UploadFileResultReport upload when account is not null && upload.SendId is { Length: > 0 }:
                w.Put(Collections.Upload, account, upload.SendId, new JsonObject
                {
                    ["sendId"] = upload.SendId,
                    ["sendResult"] = upload.SendResult,
                    ["serverCode"] = upload.ServerCode,
                    ["errorReason"] = upload.ErrorReason,
                    ["succeeded"] = upload.Succeeded,
                    ["at"] = Time(e.ReceivedAt),
                    ["seq"] = e.Seq,
                });
                break;
            case MessageReport message when account is not null:
                Message(w, e, account, message);
                break;
        }

        if (account is not null && !w.Has(Collections.Account, account, string.Empty))
        {
            // The first we hear of the account is a report carrying its cwxid: only a logged-in account sends those.
            var acc = Account(w, account);
            if (report is not (LogoutReport or LogoutResultReport or LoginStatusReport))
            {
                acc["loggedIn"] = true;
                Recompute(acc);
            }

            w.Put(Collections.Account, account, string.Empty, acc);
        }
    }
#pragma warning restore CA1822

    private static void ApplyGatewayEvent(Writer w, StoredEvent e)
    {
        var (instance, client, pid, account) = GatewayEvents.Read(e);
        var doc = w.Get(Collections.Instance, string.Empty, instance) ?? new JsonObject
        {
            ["id"] = instance,
            ["client"] = client,
            ["pid"] = pid,
            ["account"] = null,
            ["online"] = false,
            ["loginState"] = "unknown",
        };
        switch (e.Kind)
        {
            case GatewayEvents.InstanceOnline:
                doc["online"] = true;
                doc["onlineAt"] = Time(e.ReceivedAt);
                break;
            case GatewayEvents.InstanceOffline:
                doc["online"] = false;
                doc["offlineAt"] = Time(e.ReceivedAt);
                break;
            case GatewayEvents.InstanceBound when account is not null:
                var previous = doc["account"]?.GetValue<string>();
                if (previous is not null && previous != account && w.Get(Collections.Account, previous, string.Empty) is { } old
                    && old["instance"]?.GetValue<string>() == instance)
                {
                    old["instance"] = null;
                    old["online"] = false;
                    Recompute(old);
                    w.Put(Collections.Account, previous, string.Empty, old);
                }

                doc["account"] = account;
                doc["loginState"] = "loggedIn";
                doc.Remove("qrCode");
                break;
        }

        w.Put(Collections.Instance, string.Empty, instance, doc);
        if (doc["account"]?.GetValue<string>() is { } bound)
        {
            var acc = Account(w, bound);
            if (e.Kind != GatewayEvents.InstanceBound && acc["instance"]?.GetValue<string>() is { } current && current != instance)
            {
                // The account has moved to another instance since; this one's presence is no longer its own.
                return;
            }

            acc["instance"] = instance;
            acc["online"] = doc["online"]!.GetValue<bool>();
            if (e.Kind == GatewayEvents.InstanceBound)
            {
                // A poll that carries the wxid comes from a logged-in instance.
                acc["loggedIn"] = true;
                acc["qrPending"] = false;
            }

            Recompute(acc);
            w.Put(Collections.Account, bound, string.Empty, acc);
        }
    }

    private static void QrCode(Writer w, StoredEvent e, LoginQrCodeReport qr)
    {
        if (e.Instance is { } instance && w.Get(Collections.Instance, string.Empty, instance) is { } doc)
        {
            doc["loginState"] = "qrPending";
            doc["qrCode"] = qr.Message;
            doc["qrAt"] = Time(e.ReceivedAt);
            w.Put(Collections.Instance, string.Empty, instance, doc);
            if (doc["account"]?.GetValue<string>() is { } bound && w.Get(Collections.Account, bound, string.Empty) is { } acc)
            {
                acc["loggedIn"] = false;
                acc["qrPending"] = true;
                Recompute(acc);
                w.Put(Collections.Account, bound, string.Empty, acc);
            }
        }
    }

    private static void LoggedIn(Writer w, string? wxid, LoginUserReport? profile)
    {
        if (wxid is not { Length: > 0 })
        {
            return;
        }

        var acc = Account(w, wxid);
        acc["loggedIn"] = true;
        acc["qrPending"] = false;
        acc["logoutCause"] = null;
        if (profile is not null)
        {
            acc["loggedInAt"] = Time(w.Event.ReceivedAt);
            acc["profile"] = new JsonObject
            {
                ["wxid"] = profile.Wxid ?? wxid,
                ["username"] = profile.Username,
                ["nick"] = profile.Nick,
                ["headPic"] = profile.HeadPic,
                ["sex"] = profile.Sex,
                ["country"] = profile.Country,
                ["province"] = profile.Province,
                ["city"] = profile.City,
                ["uin"] = profile.Uin,
            };
        }

        Recompute(acc);
        w.Put(Collections.Account, wxid, string.Empty, acc);
    }

    private static void LoggedOut(Writer w, string wxid, string cause)
    {
        var acc = Account(w, wxid);
        acc["loggedIn"] = false;
        acc["logoutCause"] = cause;
        acc["loggedOutAt"] = Time(w.Event.ReceivedAt);
        Recompute(acc);
        w.Put(Collections.Account, wxid, string.Empty, acc);
        if (acc["instance"]?.GetValue<string>() is { } instance && w.Get(Collections.Instance, string.Empty, instance) is { } doc)
        {
            doc["loginState"] = "loggedOut";
            w.Put(Collections.Instance, string.Empty, instance, doc);
        }
    }

    private static JsonObject Account(Writer w, string wxid) => w.Get(Collections.Account, wxid, string.Empty) ?? new JsonObject
    {
        ["wxid"] = wxid,
        ["loginState"] = "loggedOut",
        ["loggedIn"] = false,
        ["online"] = false,
        ["qrPending"] = false,
        ["logoutCause"] = null,
        ["instance"] = null,
        ["profile"] = null,
        ["firstSeenAt"] = Time(w.Event.ReceivedAt),
    };

    /// <summary>qrPending, loggedIn, offline (logged in, instance not polling) or loggedOut.</summary>
    private static void Recompute(JsonObject acc)
    {
        var loggedIn = acc["loggedIn"]?.GetValue<bool>() ?? false;
        var online = acc["online"]?.GetValue<bool>() ?? false;
        var qr = acc["qrPending"]?.GetValue<bool>() ?? false;
        acc["loginState"] = loggedIn ? (online ? "loggedIn" : "offline") : qr ? "qrPending" : "loggedOut";
    }

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
            Profile(w, account, f, category);
            if (category == "friend" && f.Wxid is { Length: > 0 } && w.Get(Collections.FriendRequest, account, f.Wxid) is { } request
                && request["state"]?.GetValue<string>() == "pending")
            {
                request["state"] = "accepted";
                w.Put(Collections.FriendRequest, account, f.Wxid, request);
            }
        }

        foreach (var g in report.GroupList ?? [])
        {
            if (g.Wxid is not { Length: > 0 })
            {
                continue;
            }

            var room = w.Get(Collections.Room, account, g.Wxid) ?? new JsonObject { ["wxid"] = g.Wxid };
            Set(room, "nick", g.Nick);
            Set(room, "owner", g.Owner);
            Set(room, "headPic", g.HeadPic);
            if (g.RoomCount is { } count)
            {
                room["roomCount"] = count;
            }

            w.Put(Collections.Room, account, g.Wxid, room);
            foreach (var member in g.UserLists ?? [])
            {
                var key = MemberKey(g.Wxid, member);
                if (w.Get(Collections.Member, account, key) is null)
                {
                    w.Put(Collections.Member, account, key, NewMember(g.Wxid, member));
                }
            }
        }

        foreach (var p in report.PublicList ?? [])
        {
            if (p.Wxid is not { Length: > 0 })
            {
                continue;
            }

            var doc = w.Get(Collections.Public, account, p.Wxid) ?? new JsonObject { ["wxid"] = p.Wxid };
            Set(doc, "nick", p.Nick);
            Set(doc, "headPic", p.HeadPic);
            w.Put(Collections.Public, account, p.Wxid, doc);
        }
    }

    private static void Profile(Writer w, string account, UserProfile u, string? category)
    {
        if (u.Wxid is not { Length: > 0 })
        {
            return;
        }

        var doc = w.Get(Collections.Contact, account, u.Wxid) ?? new JsonObject { ["wxid"] = u.Wxid, ["category"] = "unknown" };
        if (category is not null)
        {
            doc["category"] = category;
        }

        Set(doc, "username", u.Username);
        Set(doc, "nick", u.Nick);
        Set(doc, "asName", u.AsName);
        Set(doc, "headPic", u.HeadPic);
        if (u.Sex is { } sex)
        {
            doc["sex"] = sex;
        }

        Set(doc, "country", u.Country);
        Set(doc, "province", u.Province);
        Set(doc, "city", u.City);
        w.Put(Collections.Contact, account, u.Wxid, doc);
    }

    private static void KnownId(Writer w, string account, string id)
    {
        if (id.Length == 0)
        {
            return;
        }

        var collection = Wxids.IsRoom(id) ? Collections.Room : Wxids.IsPublic(id) ? Collections.Public : Collections.Contact;
        if (w.Get(collection, account, id) is null)
        {
            var doc = new JsonObject { ["wxid"] = id };
            if (collection == Collections.Contact)
            {
                doc["category"] = "unknown";
            }

            w.Put(collection, account, id, doc);
        }
    }

    private static void RoomMembers(Writer w, string account, ChatRoomUserListsReport report)
    {
        var id = report.Wxid!;
        var room = w.Get(Collections.Room, account, id) ?? new JsonObject { ["wxid"] = id };
        Set(room, "nick", report.Nick);
        Set(room, "owner", report.Owner);
        Set(room, "headPic", report.HeadPic);
        if (report.RoomCount is { } count)
        {
            room["roomCount"] = count;
        }

        w.Put(Collections.Room, account, id, room);
        foreach (var u in report.UserLists ?? [])
        {
            if (u.Wxid is not { Length: > 0 })
            {
                continue;
            }

            var key = MemberKey(id, u.Wxid);
            var m = w.Get(Collections.Member, account, key) ?? NewMember(id, u.Wxid);
            Set(m, "nick", u.Nick);
            Set(m, "username", u.Username);
            Set(m, "headPic", u.HeadPic);
            if (u.Sex is { } sex)
            {
                m["sex"] = sex;
            }

            m["isOwner"] = u.Wxid == report.Owner;
            w.Put(Collections.Member, account, key, m);
        }
    }

    private static void Message(Writer w, StoredEvent e, string account, MessageReport m)
    {
        // The message itself stays in the log (MessageDocument reads it from there); only its conversation's
        // pointer to the latest message is kept here. Written directly: this runs for every message, on the
        // single writer.
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
            var transfer = w.Get(Collections.Transfer, account, t.TransferId) ?? new JsonObject
            {
                ["transferId"] = t.TransferId,
                ["conversation"] = m.ConversationId,
                ["history"] = new JsonArray(),
            };
            Set(transfer, "feeDesc", t.FeeDesc);
            Set(transfer, "payMemo", t.PayMemo);
            transfer["paySubtype"] = t.PaySubtype;
            transfer["state"] = t.PaySubtype switch
            {
                1 => "sent",
                3 => "accepted",
                4 => "returned",
                _ => "unknown",
            };
            transfer["history"]!.AsArray().Add(new JsonObject
            {
                ["seq"] = e.Seq,
                ["at"] = Time(e.ReceivedAt),
                ["paySubtype"] = t.PaySubtype,
                ["isSelf"] = m.IsSelf,
            });
            w.Put(Collections.Transfer, account, t.TransferId, transfer);
        }
    }

    private static string MemberKey(string room, string wxid) => room + "/" + wxid;

    private static JsonObject NewMember(string room, string wxid) => new() { ["room"] = room, ["wxid"] = wxid };

    private static void Set(JsonObject o, string name, string? value)
    {
        if (value is not null)
        {
            o[name] = value;
        }
    }

    private static string Time(DateTimeOffset at) => MessageDocument.Time(at);

    private readonly struct Writer(IGatewayWriteSession session, StoredEvent e)
    {
        public StoredEvent Event { get; } = e;

        public JsonObject? Get(string collection, string account, string key) =>
            session.GetDocument(collection, account, key) is { } doc ? JsonNode.Parse(doc.Json)!.AsObject() : null;

        public bool Has(string collection, string account, string key) => session.HasDocument(collection, account, key);

        public void Put(string collection, string account, string key, JsonObject doc) =>
            session.PutDocument(new ProjectionDocument(collection, account, key, Event.Seq, doc.ToJsonString(DocumentJson)));

        public void PutRaw(string collection, string account, string key, ReadOnlySpan<byte> utf8Json) =>
            session.PutDocument(collection, account, key, Event.Seq, utf8Json);
    }
}
