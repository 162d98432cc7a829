using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WeQuick.Protocol.Tests.Support;

namespace WeQuick.Protocol.Tests;

/// <summary>
/// Every report example of both generations' documents (<c>Fixtures/reports/</c> and <c>Fixtures/reports/v2/</c>,
/// copied as printed): each decodes to a typed kind, loses no value, and survives decode → encode → decode.
/// </summary>
public sealed class SecondGenerationReportTests
{
    /// <summary>Fields that hold numbers (or 0/1 flags): where an example prints a placeholder such as <c>xxx</c> there, it is no value.</summary>
    private static readonly HashSet<string> NumericFields = new(StringComparer.Ordinal)
    {
        "msgtype", "mymsg", "ispc", "status", "sex", "isfriend", "roomcount", "isowner", "timestamp", "fee", "unreadmsg", "scene", "code", "type",
    };

    public static TheoryData<string> V1Examples() => new(Fixtures.V1ReportExamples());

    public static TheoryData<string> V2Examples() => new(Fixtures.V2ReportExamples());

    [Fact]
    public void The_fixtures_hold_every_report_example_of_the_second_generations_receive_msg_part()
    {
        // 46 reports, the envelope's format and the command ack.
        var names = Fixtures.V2ReportExamples().ToList();
        Assert.Equal(48, names.Count);
        Assert.Contains("envelope", names);
        Assert.Contains("ack", names);
        var kinds = ProtocolRegistry.Reports.Where(k => k.Generations.HasFlag(InterfaceGenerations.V2)).Select(k => k.Action).ToList();
        Assert.Equal(47, kinds.Count); // 46 reports and the ack
        Assert.Empty(kinds.Except(names));
    }

    [Theory]
    [MemberData(nameof(V2Examples))]
    public void A_second_generation_example_decodes_to_its_typed_kind_and_loses_no_value(string name) =>
        AssertTypedAndLossless(Fixtures.V2ReportPath(name), name);

    [Theory]
    [MemberData(nameof(V1Examples))]
    public void A_first_generation_example_decodes_to_its_typed_kind_and_loses_no_value(string name) =>
        AssertTypedAndLossless(Fixtures.ReportPath(name), name);

    [Theory]
    [MemberData(nameof(V2Examples))]
    public void A_second_generation_example_survives_decode_encode_decode(string name) => AssertRoundTrip(Fixtures.V2ReportPath(name));

    [Theory]
    [MemberData(nameof(V1Examples))]
    public void A_first_generation_example_survives_decode_encode_decode(string name) => AssertRoundTrip(Fixtures.ReportPath(name));

    [Fact]
    public void Each_kind_says_truthfully_which_generations_have_it()
    {
        var v1 = Fixtures.V1ReportExamples().ToHashSet(StringComparer.Ordinal);
        var v2 = Fixtures.V2ReportExamples().ToHashSet(StringComparer.Ordinal);
        foreach (var kind in ProtocolRegistry.Reports)
        {
            Assert.True(kind.Generations != InterfaceGenerations.None, kind.Action);
            Assert.True(v1.Contains(kind.Action) == kind.Generations.HasFlag(InterfaceGenerations.V1), $"{kind.Action}: V1 is {kind.Generations}");
            Assert.True(v2.Contains(kind.Action) == kind.Generations.HasFlag(InterfaceGenerations.V2), $"{kind.Action}: V2 is {kind.Generations}");
        }

        Assert.Equal(15, ProtocolRegistry.Reports.Count(k => k.Generations == InterfaceGenerations.Both));
        Assert.Equal(32, ProtocolRegistry.Reports.Count(k => k.Generations == InterfaceGenerations.V2));
        Assert.Equal(12, ProtocolRegistry.Reports.Count(k => k.Generations == InterfaceGenerations.V1));
    }

    [Fact]
    public void A_text_message_keeps_its_id_timestamp_pc_flag_and_mentions()
    {
        var r = V2<TextMessageReport>("reportTextMessage");
        Assert.Null(r.Account);
        Assert.Equal(1, r.MsgType);
        Assert.False(r.MyMsg);
        Assert.False(r.IsPc);
        Assert.Equal("2970283551233214898", r.MsgId);
        Assert.Equal("xxx@chatroom", r.RoomWxid);
        Assert.Equal("wxid_sadkwqlXXX", r.WxidFrom);
        Assert.Equal("wxid_sadkwqlkq", r.WxidTo);
        Assert.Equal("XXXX", r.Message);
        Assert.Equal(["wxid_1fd41f9u22", "wxid_1fd41f9"], r.AtList!);
        Assert.Equal(1597736976L, r.Timestamp);
        Assert.True(r.IsRoom);
        Assert.Equal("wxid_sadkwqlXXX", r.SenderWxid);

        // The first generation's example reads into the same model, with the second generation's fields absent.
        var v1 = Fixtures.DecodeReport<TextMessageReport>("reportTextMessage");
        Assert.Equal("XXXX", v1.Message);
        Assert.Equal("XXXX", v1.Nick);
        Assert.Null(v1.MsgId);
        Assert.Null(v1.AtList);
        Assert.Null(v1.Timestamp);
    }

    [Fact]
    public void An_image_keeps_its_image_and_thumbnail_paths_and_xml()
    {
        var r = V2<PicMessageReport>("reportPicMessage");
        Assert.Equal("xxxxx", r.Account);
        Assert.Equal(3, r.MsgType);
        Assert.Equal("12314324243", r.MsgId);
        Assert.Equal("XXXX", r.Image);
        Assert.Equal("XXXX", r.ImageThumb);
        Assert.Null(r.FileIndex);
        Assert.Null(r.Timestamp); // "XXXX" is the document's placeholder, not a time
        Assert.Null(r.XmlMsg);
    }

    [Fact]
    public void File_video_voice_and_emoji_messages_keep_their_paths_and_xml()
    {
        var file = V2<FileMessageReport>("reportFileMessage");
        Assert.Equal(4906, file.MsgType);
        Assert.Equal("xxxxxxx", file.XmlMsg);
        Assert.Equal("wxid_xxxxx", file.WxidTo);

        var video = V2<VideoMessageReport>("reportVideoMessage");
        Assert.Equal(43, video.MsgType);
        Assert.Equal("xxxxxxx", video.XmlMsg);
        Assert.Null(video.VideoIndex);

        var voice = V2<VoiceMessageReport>("reportVoiceMessage");
        Assert.Equal("XXXX", voice.VoiceIndex);
        Assert.Equal("XXXX", voice.Mp3Index);

        var gif = V2<GifMessageReport>("reportGifMessage");
        Assert.Equal(47, gif.MsgType);
        Assert.Equal("xxxxxxxxx", gif.WxidTo);
        Assert.Null(gif.Url);
    }

    [Fact]
    public void The_login_user_keeps_alias_phone_unread_count_and_cache_folder()
    {
        var r = V2<LoginUserReport>("reportLoginUser");
        Assert.Equal("xxxxxx", r.Account);
        Assert.Equal("wxid", r.Wxid);
        Assert.Equal("xxxxx", r.Nick);
        Assert.Equal("xxxxx", r.HeadPic);
        Assert.Equal("xxxx", r.Phone);
        Assert.Null(r.UnreadMsg); // the document prints a URL there
        Assert.Equal("0", r.WxDir);

        using var doc = JsonDocument.Parse("""{"action":"reportLoginUser","cwxid":"wxid_me","data":{"wxid":"wxid_me","alias":"my_id","nick":"me"}}""");
        var withAlias = Assert.IsType<LoginUserReport>(ReportDecoder.Decode(doc.RootElement.GetRawText()).Report);
        Assert.Equal("my_id", withAlias.Username);
    }

    [Fact]
    public void A_friend_request_of_the_second_generation_names_the_asker_as_the_first_does()
    {
        var r = V2<FriendAddRequestReport>("reportFriendAddRequest");
        Assert.Equal(37, r.MsgType);
        Assert.Equal("1231413213123", r.MsgId);
        Assert.Equal("wxid_xxxxxx", r.WxidFrom);
        Assert.Equal("wxid_xxxxxx", r.Wxid);
        Assert.Equal("wxid_xxxxx", r.WxidTo);
        Assert.Equal(12312313123L, r.Timestamp);
        Assert.False(r.IsPc);
    }

    [Fact]
    public void Logout_and_upload_results_read_as_in_the_first_generation()
    {
        Assert.Null(V2<LogoutReport>("reportLogout").Code);
        var upload = V2<UploadFileResultReport>("resUploadFile");
        Assert.Equal("8859663", upload.SendId);
        Assert.Null(upload.SendResult);
        var ack = V2<CommandAck>("ack");
        Assert.Equal("", ack.WireAction);
        Assert.Null(ack.SendId); // the second generation prints every field of its ack empty
        Assert.False(ack.Succeeded);
        Assert.IsType<CommandAck>(V2<CommandAck>("envelope"));
    }

    [Fact]
    public void Both_login_qr_kinds_read_alike_through_the_shared_base()
    {
        var v2 = V2<QrCodeMessageReport>("reportQrCodeMessage");
        Assert.Null(v2.Account);
        Assert.Null(v2.File);
        LoginQrReport shared = v2 with { Base64 = "iVBOR" };
        Assert.Equal("iVBOR", shared.QrBase64);
        shared = new LoginQrCodeReport { Message = "data:image/png;base64,iVBOR" };
        Assert.Equal("data:image/png;base64,iVBOR", shared.QrBase64);
    }

    [Fact]
    public void Friend_lists_use_the_first_generations_property_names_for_alias_and_remark()
    {
        var r = V2<ContactsReport>("reportContacts");
        var f = Assert.Single(r.FriendList!);
        Assert.Equal("wxid_xxxx", f.Wxid);
        Assert.Equal("xxxxx", f.Username);
        Assert.Equal("xxxx", f.AsName);
        Assert.Equal(1, f.Sex);
        Assert.Equal("xxxxx", f.City);

        var im = Assert.Single(V2<ImContactsReport>("reportImContacts").FriendList!);
        Assert.Equal("xxxx", im.AsName);
        Assert.Equal("wxid", Assert.Single(V2<PublicsReport>("reportPublics").PublicList!).Wxid);
        Assert.Equal("xxxxx", V2<SingleContactReport>("reportSingleContact").Contact!.Username);
        Assert.Equal("xxx", V2<ContactAddReport>("reportContactAdd").Wxid);
        Assert.Equal("xxxx", V2<ContactDelReport>("reportContactDel").Wxid);
    }

    [Fact]
    public void Contact_lookups_keep_their_tickets_and_details()
    {
        var u = V2<UpdateContactReport>("reportUpdateContact");
        Assert.Equal("xxx", u.Wxid);
        Assert.Equal("http://wx.qlogo.cn/xxxxxx", u.SmallPic);
        Assert.Equal("http://szmmsns.qpic.cn/xxxxxx", u.SnsPic);
        Assert.Equal(6, u.Scene);
        Assert.Equal(1, u.Status);

        var s = V2<SearchContactReport>("reportSearchContact");
        Assert.Equal(2, s.Contact!.Sex);
        Assert.Equal("xxx", s.Search);
        Assert.Equal("xxxxxx", s.V1);
        Assert.Equal("xxxxxxx", s.V2);
        Assert.Null(s.Status);
    }

    [Fact]
    public void Room_lists_and_member_reports_read_like_the_first_generations_room_reports()
    {
        var room = Assert.Single(V2<ChatRoomsReport>("reportChatRooms").GroupList!);
        Assert.Equal("xxxxx@chatroom", room.Wxid);
        Assert.False(room.IsOwner);
        Assert.Equal(5, room.RoomCount);
        Assert.Equal(["xxx", "xxx"], room.UserLists!);
        Assert.Single(V2<ImRoomsReport>("reportImRooms").GroupList!);

        var members = V2<SingleChatRoomMembersReport>("reportSingleChatRoomMembers");
        Assert.Equal("xxx@chatroom", members.Wxid);
        Assert.Equal(2, Assert.Single(members.UserLists!).Sex);

        var im = V2<SingleImRoomMembersReport>("reportSingleImRoomMembers");
        Assert.Equal("xxxxx", im.Owner);

        var added = V2<ChatRoomMemberAddReport>("reportChatRoomMemberAdd");
        Assert.Equal("xxxxx", added.Owner);
        Assert.Null(added.IsOwner);
        Assert.Single(added.UserLists!);

        Assert.Equal("xxx@chatroom", V2<ChatRoomMemberDelReport>("reportChatRoomMemberDel").Wxid);
        Assert.Equal("xxx@chatroom", V2<NewChatRoomReport>("reportNewChatRoom").Wxid);
        Assert.Equal("xxx@chatroom", V2<ChatRoomQuitReport>("reportChatRoomQuit").RoomWxid);

        var qr = V2<AcceptQrCodeChatRoomReport>("reportAcceptQrCodeChatRoom");
        Assert.Equal("http:///xxxxx", qr.Url);
        Assert.Equal(0, qr.Status);
    }

    [Fact]
    public void The_documents_three_examples_under_another_kinds_action_read_as_the_kind_their_shape_belongs_to()
    {
        var location = V2<LocationMessageReport>("reportLocationMessage");
        Assert.Equal(48, location.MsgType);
        Assert.Equal("xxxxxxx", location.XmlMsg);

        var zombie = V2<ZombieCheckMessageReport>("reportZombieCheckMessage");
        Assert.Equal("wxid_xxxxx", zombie.Wxid);
        Assert.Equal(0, zombie.Status);

        var app = V2<OtherAppMessageReport>("reportOtherAppMessage");
        Assert.Null(app.MsgType); // "49x"
        Assert.Equal("1231413213123", app.MsgId);
        Assert.Equal(12312313123L, app.Timestamp);

        // A real card or transfer still reads as itself.
        Assert.IsType<CardMessageReport>(V2<CardMessageReport>("reportCardMessage"));
        Assert.Equal(4920, V2<TransferMessageReport>("reportTransferMessage").MsgType);
    }

    [Fact]
    public void The_other_second_generation_reports_keep_their_fields()
    {
        Assert.Equal(4905, V2<LinkMessageReport>("reportLinkMessage").MsgType);
        Assert.Equal(4933, V2<MiniMessageReport>("reportMiniMessage").MsgType);
        Assert.Equal(10000, V2<SystemMessageReport>("reportSystemMessage").MsgType);
        Assert.Equal("wxid_xxxxxx", V2<OtherMessageReport>("reportOtherMessage").WxidFrom);

        var pic = V2<DecryptPicMessageReport>("reportDecryptPicMessage");
        Assert.Equal(@"c:\test.dat", pic.SrcFile);
        Assert.Equal(@"c:\out.jpg", pic.TarFile);
        Assert.Equal(1, pic.Status);

        var pay = V2<QrCodeWcPayReport>("reportQrCodeWcPay");
        Assert.Equal("xxxxx", pay.Wxid);
        Assert.Equal("XXXX", pay.Nick);
        Assert.Null(pay.Fee);

        var fav = V2<FavitemsReport>("reportFavitems");
        Assert.Equal(1, fav.Status);
        Assert.Single(fav.Items!);

        Assert.Equal(0, V2<AddFriendMessageReport>("reportAddFriendMessage").Status);
        Assert.Equal("search_test", V2<SqlDataReport>("reportSqlData").Extend);
        Assert.Null(V2<ScanQrcodePicReport>("reportScanQrcodePic").Content);
        Assert.Null(V2<TalkerChangeReport>("reportTalkerChange").User!.Wxid);
        Assert.Null(V2<TransVoiceReport>("reportTransVoice").Text);
        Assert.Null(V2<CheckUrlStatusReport>("reportCheckUrlStatus").RealUrl);
    }

    [Fact]
    public void A_kind_both_generations_have_writes_the_first_shape_and_adds_the_seconds_fields_when_known()
    {
        var text = V2<TextMessageReport>("reportTextMessage");
        var msg = JsonNode.Parse(ReportEncoder.Encode(text))!["data"]!["data"]!["msg"]!.AsObject();
        Assert.Equal("2970283551233214898", msg["msgid"]!.GetValue<string>());
        Assert.Equal(1597736976L, msg["timestamp"]!.GetValue<long>());
        Assert.Equal(2, msg["atlist"]!.AsArray().Count);

        var location = V2<LocationMessageReport>("reportLocationMessage");
        var flat = JsonNode.Parse(ReportEncoder.Encode(location))!["data"]!["data"]!.AsObject();
        Assert.Equal(["msgType", "myMsg", "ispc", "msgid", "roomWxid", "wxidFrom", "wxidTo", "xmlmsg", "timestamp"], flat.Select(p => p.Key));
    }

    [Fact]
    public void Second_generation_fields_are_read_as_tolerantly_as_the_first_generations()
    {
        const string text = """{"data":{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msgType":"1","myMsg":1,"ispc":true,"msgId":2970283551233214898,"roomWxid":"null","wxidFrom":"wxid_a","wxidTo":"1@chatroom","message":"hi","atlist":"wxid_b, wxid_c","timestamp":"1597736976",}}}""";
        var r = Assert.IsType<TextMessageReport>(ReportDecoder.Decode(text).Report);
        Assert.Equal(1, r.MsgType);
        Assert.True(r.MyMsg);
        Assert.True(r.IsPc);
        Assert.Equal("2970283551233214898", r.MsgId);
        Assert.Null(r.RoomWxid);
        Assert.Equal("1@chatroom", r.Room);
        Assert.Equal(["wxid_b", "wxid_c"], r.AtList!);
        Assert.Equal(1597736976L, r.Timestamp);

        const string rooms = """{"action":"reportChatRooms","cwxid":"wxid_me","data":{"groupList":[{"wxid":"1@chatroom","isowner":"1","roomCount":7},{"wxid":"2@chatroom","isowner":"(null)","roomCount":"x"}, 5]}}""";
        var list = Assert.IsType<ChatRoomsReport>(ReportDecoder.Decode(rooms).Report).GroupList!;
        Assert.Equal(2, list.Count);
        Assert.True(list[0].IsOwner);
        Assert.Equal(7, list[0].RoomCount);
        Assert.Null(list[1].IsOwner);
        Assert.Null(list[1].RoomCount);

        const string members = """{"action":"reportChatRoomMemberAdd","cwxid":"wxid_me","data":"{\"wxid\":\"1@chatroom\",\"userLists\":[{\"wxid\":\"wxid_n\",\"displayName\":\"昵称\",\"inviteBy\":\"wxid_a\"}]}"}""";
        var m = Assert.Single(Assert.IsType<ChatRoomMemberAddReport>(ReportDecoder.Decode(members).Report).UserLists!);
        Assert.Equal("昵称", m.DisplayName);
        Assert.Equal("wxid_a", m.InviteBy);
    }

    private static T V2<T>(string name)
        where T : Report
    {
        var result = ReportDecoder.Decode(File.ReadAllBytes(Fixtures.V2ReportPath(name)));
        Assert.True(result.IsSuccess, $"v2/{name}.json did not decode: {result.Error}");
        return Assert.IsType<T>(result.Report);
    }

    private static void AssertTypedAndLossless(string path, string name)
    {
        var bytes = File.ReadAllBytes(path);
        var result = ReportDecoder.Decode(bytes);
        Assert.True(result.IsSuccess, $"{name}: {result.Error}");
        var report = result.Report!;
        Assert.IsNotType<UnknownReport>(report);
        Assert.Equal(name is "envelope" ? CommandAck.AckKind : name, report.Kind);

        var envelope = Fixtures.ParseNode(bytes).AsObject();
        if (!envelope.ContainsKey("action"))
        {
            envelope = envelope["data"]!.AsObject();
        }

        var cwxid = envelope["cwxid"]?.GetValue<string>();
        if (cwxid is not (null or "" or "null"))
        {
            Assert.Equal(cwxid, report.Account);
        }

        var written = JsonNode.Parse(ReportEncoder.Encode(report))!["data"]!["data"];
        var kept = Leaves(written, "").ToHashSet();
        var lost = Leaves(envelope["data"], "")
            .Where(l => !kept.Contains(l))
            .Where(l => !(NumericFields.Contains(l.Key) && !long.TryParse(l.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            .ToList();
        Assert.True(lost.Count == 0, $"{name}: values lost: {string.Join(", ", lost)}; written: {written?.ToJsonString()}");
    }

    private static void AssertRoundTrip(string path)
    {
        // The spec profile: the real-client profile adds what real clients add (isFriend in reportLoginUser),
        // so it is not an identity; RoundTripTests cover it with the fully populated samples.
        var first = ReportDecoder.Decode(File.ReadAllBytes(path)).Report!;
        foreach (var encoding in Enum.GetValues<BodyEncoding>())
        {
            var again = ReportDecoder.Decode(ReportEncoder.Encode(first, ReportQuirks.Spec, encoding));
            Assert.True(again.IsSuccess, again.Error?.ToString());
            Normalized.Equal(first, again.Report);
        }

        var real = ReportDecoder.Decode(ReportEncoder.Encode(first, ReportQuirks.RealClient)).Report!;
        Assert.Equal(first.GetType(), real.GetType());
    }

    /// <summary>
    /// Every present leaf value with the name of the field that holds it (an array's items under the array's
    /// name). Names compare without case or underscores, and the second generation's <c>alias</c>/<c>remark</c>
    /// as the first generation's <c>username</c>/<c>asName</c>; numbers and flags compare as their text.
    /// </summary>
    private static IEnumerable<(string Key, string Value)> Leaves(JsonNode? node, string key)
    {
        switch (node)
        {
            case null:
                yield break;
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    foreach (var leaf in Leaves(value, name))
                    {
                        yield return leaf;
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    foreach (var leaf in Leaves(item, key))
                    {
                        yield return leaf;
                    }
                }

                break;
            default:
                var text = node.GetValueKind() switch
                {
                    JsonValueKind.String => node.GetValue<string>(),
                    JsonValueKind.True => "1",
                    JsonValueKind.False => "0",
                    _ => node.ToJsonString(),
                };
                if (text is not ("" or "null" or "(null)" or "NULL"))
                {
                    yield return (NormalizedKey(key), text);
                }

                break;
        }
    }

    private static string NormalizedKey(string key)
    {
        var k = key.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        return k switch
        {
            "alias" => "username",
            "remark" => "asname",
            _ => k,
        };
    }
}
