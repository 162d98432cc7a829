using System.Runtime.InteropServices;
using System.Text.Json;
using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary>
/// A WeChat user as the reports describe one: a friend in <c>reportContact</c>, an entry of
/// <c>reportUsersInfo</c>, or a member in <c>reportChatRoomUserLists</c>.
/// </summary>
public sealed record UserProfile
{
    /// <summary>The user's WeChat id (<c>wxid_…</c>, or a custom id).</summary>
    public string? Wxid { get; init; }

    /// <summary>The user-chosen WeChat number (微信号); often absent.</summary>
    public string? Username { get; init; }

    /// <summary>The user's nickname.</summary>
    public string? Nick { get; init; }

    /// <summary>The remark (备注) the account gave this contact.</summary>
    public string? AsName { get; init; }

    /// <summary>URL of the avatar.</summary>
    public string? HeadPic { get; init; }

    /// <summary>1 male, 2 female, 0 unknown.</summary>
    public int? Sex { get; init; }

    /// <summary>Country, when known.</summary>
    public string? Country { get; init; }

    /// <summary>Province, when known.</summary>
    public string? Province { get; init; }

    /// <summary>City, when known.</summary>
    public string? City { get; init; }

    /// <summary>Friend state in <c>reportContact</c>: 0 not a friend, 1 friend, 2 blacklisted.</summary>
    public int? IsFriend { get; init; }

    /// <summary>The member's nickname in the room (<c>displayname</c>, second generation's room member lists).</summary>
    public string? DisplayName { get; init; }

    /// <summary>Who invited the member into the room (<c>inviteBy</c>, second generation's <c>reportChatRoomMemberAdd</c>).</summary>
    public string? InviteBy { get; init; }

    internal static UserProfile Read(JsonElement o)
    {
        // One pass over the object instead of a scan per field: contact lists carry thousands of profiles.
        // Like a lookup, the last of duplicate names wins.
        // The second generation calls the WeChat number alias and the remark remark: both read into the same properties.
        JsonElement wxid = default, username = default, nick = default, asName = default, headPic = default,
            sex = default, country = default, province = default, city = default, isFriend = default,
            alias = default, remark = default, displayName = default, inviteBy = default;
        if (o.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in o.EnumerateObject())
            {
                var name = JsonMarshal.GetRawUtf8PropertyName(p);
                if (name.IndexOf((byte)'\\') >= 0)
                {
                    // A name written with escapes (rare): compare it unescaped, as a lookup would.
                    name = Unescaped(p);
                }

                switch (name.Length)
                {
                    case 3 when name.SequenceEqual("sex"u8):
                        sex = p.Value;
                        break;
                    case 4 when name.SequenceEqual("wxid"u8):
                        wxid = p.Value;
                        break;
                    case 4 when name.SequenceEqual("nick"u8):
                        nick = p.Value;
                        break;
                    case 4 when name.SequenceEqual("city"u8):
                        city = p.Value;
                        break;
                    case 6 when name.SequenceEqual("asName"u8):
                        asName = p.Value;
                        break;
                    case 7 when name.SequenceEqual("headPic"u8):
                        headPic = p.Value;
                        break;
                    case 7 when name.SequenceEqual("country"u8):
                        country = p.Value;
                        break;
                    case 8 when name.SequenceEqual("username"u8):
                        username = p.Value;
                        break;
                    case 8 when name.SequenceEqual("province"u8):
                        province = p.Value;
                        break;
                    case 8 when name.SequenceEqual("isFriend"u8):
                        isFriend = p.Value;
                        break;
                    case 5 when name.SequenceEqual("alias"u8):
                        alias = p.Value;
                        break;
                    case 6 when name.SequenceEqual("remark"u8):
                        remark = p.Value;
                        break;
                    case 8 when name.SequenceEqual("inviteBy"u8):
                        inviteBy = p.Value;
                        break;
                    case 11 when name.SequenceEqual("displayname"u8) || name.SequenceEqual("displayName"u8):
                        displayName = p.Value;
                        break;
                }
            }
        }

        return new UserProfile
        {
            Wxid = Flex.String(wxid),
            Username = Flex.String(Flex.Either(username, alias)),
            Nick = Flex.String(nick),
            AsName = Flex.String(Flex.Either(asName, remark)),
            HeadPic = Flex.String(headPic),
            Sex = Flex.Int(sex),
            Country = Flex.String(country),
            Province = Flex.String(province),
            City = Flex.String(city),
            IsFriend = Flex.Int(isFriend),
            DisplayName = Flex.String(displayName),
            InviteBy = Flex.String(inviteBy),
        };
    }

    private static ReadOnlySpan<byte> Unescaped(JsonProperty p)
    {
        ReadOnlySpan<string> names = ["wxid", "username", "nick", "asName", "headPic", "sex", "country", "province", "city", "isFriend", "alias", "remark", "inviteBy", "displayname", "displayName"];
        foreach (var candidate in names)
        {
            if (p.NameEquals(candidate))
            {
                return System.Text.Encoding.UTF8.GetBytes(candidate);
            }
        }

        return default;
    }

    /// <summary>Writes the profile fields; <paramref name="sexAsString"/> and the asName/isFriend switches follow each report's spec shape.</summary>
    internal void Write(WireWriter w, bool sexAsString, bool withAsName, bool withIsFriend)
    {
        w.Text("wxid", Wxid);
        w.Text("username", Username);
        w.Text("nick", Nick);
        // A field the report's spec shape lacks is still written when known: the encoder never drops a value.
        if (withAsName || AsName is not null)
        {
            w.Text("asName", AsName);
        }

        w.Text("headPic", HeadPic);
        w.Number("sex", Sex, sexAsString);
        w.Text("country", Country);
        w.Text("province", Province);
        w.Text("city", City);
        if (withIsFriend || IsFriend is not null)
        {
            w.Number("isFriend", IsFriend, specAsString: true);
        }

        if (DisplayName is not null)
        {
            w.Text("displayname", DisplayName);
        }

        if (InviteBy is not null)
        {
            w.Text("inviteBy", InviteBy);
        }
    }

    /// <summary>
    /// Writes the profile in the second generation's names (<c>alias</c>, <c>remark</c>, <c>displayname</c>):
    /// the fields of <paramref name="shape"/> always, in its order, then any other known field.
    /// </summary>
    internal void WriteV2(WireWriter w, V2ProfileShape shape)
    {
        void Field(V2ProfileFields field, string name, string? value)
        {
            if ((shape.Fields & field) != 0 || value is not null)
            {
                w.Text(name, value);
            }
        }

        Field(V2ProfileFields.Wxid, "wxid", Wxid);
        Field(V2ProfileFields.Alias, "alias", Username);
        Field(V2ProfileFields.Nick, "nick", Nick);
        Field(V2ProfileFields.DisplayName, "displayname", DisplayName);
        Field(V2ProfileFields.Remark, "remark", AsName);
        Field(V2ProfileFields.HeadPic, "headPic", HeadPic);
        if ((shape.Fields & V2ProfileFields.Sex) != 0 || Sex is not null)
        {
            w.Number("sex", Sex, shape.SexAsString);
        }

        Field(V2ProfileFields.Place, "country", Country);
        Field(V2ProfileFields.Place, "province", Province);
        Field(V2ProfileFields.Place, "city", City);
        Field(V2ProfileFields.InviteBy, "inviteBy", InviteBy);
        if (IsFriend is not null)
        {
            w.Number("isFriend", IsFriend, specAsString: true);
        }
    }
}

/// <summary>The fields a second-generation report prints for a person.</summary>
[Flags]
internal enum V2ProfileFields
{
    None = 0,
    Wxid = 1,
    Alias = 2,
    Nick = 4,
    DisplayName = 8,
    Remark = 16,
    HeadPic = 32,
    Sex = 64,
    Place = 128,
    InviteBy = 256,
    Full = Wxid | Alias | Nick | Remark | HeadPic | Sex | Place,
}

/// <summary>How a second-generation report prints a person: which fields, and <c>sex</c> as a number or a string.</summary>
internal readonly record struct V2ProfileShape(V2ProfileFields Fields, bool SexAsString = false);

/// <summary>A room (群) as <c>reportContact.groupList</c> describes it.</summary>
public sealed record RoomSummary
{
    /// <summary>The room id, <c>…@chatroom</c>.</summary>
    public string? Wxid { get; init; }

    /// <summary>The room name.</summary>
    public string? Nick { get; init; }

    /// <summary>The owner's wxid.</summary>
    public string? Owner { get; init; }

    /// <summary>How many members the room has.</summary>
    public int? RoomCount { get; init; }

    /// <summary>URL of the room avatar.</summary>
    public string? HeadPic { get; init; }

    /// <summary>The members' wxids.</summary>
    public IReadOnlyList<string>? UserLists { get; init; }

    /// <summary>Whether the account owns the room (<c>isowner</c>, second generation).</summary>
    public bool? IsOwner { get; init; }

    internal static RoomSummary Read(JsonElement o) => new()
    {
        Wxid = Flex.String(o, "wxid"),
        Nick = Flex.String(o, "nick"),
        Owner = Flex.String(o, "owner"),
        RoomCount = Flex.Int(o, "roomCount", "roomcount"),
        HeadPic = Flex.String(o, "headPic"),
        UserLists = Flex.StringList(o, "userLists"),
        IsOwner = Flex.Bool(o, "isowner", "isOwner"),
    };

    /// <summary>Writes the room in the second generation's order, with <c>isowner</c> as a number as its examples print it.</summary>
    internal void WriteV2(WireWriter w)
    {
        w.Text("wxid", Wxid);
        w.Text("nick", Nick);
        WriteIsOwner(w);
        w.Text("owner", Owner);
        w.Text("headPic", HeadPic);
        w.Number("roomCount", RoomCount, specAsString: true);
        w.TextList("userLists", UserLists);
    }

    internal void Write(WireWriter w)
    {
        w.Text("wxid", Wxid);
        w.Text("nick", Nick);
        w.Text("owner", Owner);
        w.Number("roomCount", RoomCount, specAsString: false);
        w.Text("headPic", HeadPic);
        w.TextList("userLists", UserLists);
        if (IsOwner is not null)
        {
            WriteIsOwner(w);
        }
    }

    private void WriteIsOwner(WireWriter w)
    {
        if (IsOwner is { } owner)
        {
            w.Json.WriteNumber("isowner", owner ? 1 : 0);
        }
        else
        {
            w.Text("isowner", null);
        }
    }
}

/// <summary>An official account (公众号) as <c>reportContact.publicList</c> describes it.</summary>
public sealed record PublicAccount
{
    /// <summary>The account id, usually <c>gh_…</c> (some start with <c>wxid_</c>).</summary>
    public string? Wxid { get; init; }

    /// <summary>The account's name.</summary>
    public string? Nick { get; init; }

    /// <summary>URL of the avatar.</summary>
    public string? HeadPic { get; init; }

    internal static PublicAccount Read(JsonElement o) => new()
    {
        Wxid = Flex.String(o, "wxid"),
        Nick = Flex.String(o, "nick"),
        HeadPic = Flex.String(o, "headPic"),
    };

    internal void Write(WireWriter w)
    {
        w.Text("wxid", Wxid);
        w.Text("nick", Nick);
        w.Text("headPic", HeadPic);
    }
}
