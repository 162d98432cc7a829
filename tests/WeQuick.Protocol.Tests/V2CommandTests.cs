using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WeQuick.Protocol.Tests.Support;

namespace WeQuick.Protocol.Tests;

/// <summary>
/// The second generation's commands (spec/wequick-interface-v2.md): every example of its document as printed
/// (<c>Fixtures/commands/v2/</c>), decoded to a typed kind with no value lost, written back in its shape, and the kinds
/// both generations share read from either shape into one model.
/// </summary>
public sealed class V2CommandTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> V2Examples() => new(Fixtures.V2CommandExamples());

    public static TheoryData<string, string> AllExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Fixtures.V1CommandExamples())
        {
            data.Add("commands", file);
        }

        foreach (var file in Fixtures.V2CommandExamples())
        {
            data.Add("commands/v2", file);
        }

        return data;
    }

    private static byte[] V2Example(string file) => File.ReadAllBytes(Path.Combine(Fixtures.Root, "commands", "v2", file));

    private static Command DecodeOne(byte[] body)
    {
        var result = CommandDecoder.DecodeBatch(body);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return Assert.Single(result.Commands);
    }

    private static Command DecodeOne(string body) => DecodeOne(Encoding.UTF8.GetBytes(body));

    private static T V2<T>(string api)
        where T : Command => Assert.IsType<T>(DecodeOne(File.ReadAllBytes(Fixtures.V2CommandPath(api))));

    private static JsonObject Option(Command command, InterfaceGenerations generation = InterfaceGenerations.None) =>
        JsonNode.Parse(CommandEncoder.EncodeBatch([command], generation))![0]!["option"]!.AsObject();

    [Fact]
    public void The_document_has_71_command_examples_70_commands_and_the_notes_array()
    {
        Assert.Equal(71, Fixtures.V2CommandExamples().Count());
        Assert.Contains("_note-array.json", Fixtures.V2CommandExamples());
    }

    [Theory]
    [MemberData(nameof(V2Examples))]
    public void Every_example_decodes_to_a_typed_kind_and_loses_no_value(string file)
    {
        var example = Fixtures.ParseNode(V2Example(file));
        var entry = example is JsonArray array ? Assert.Single(array)! : example;
        var api = entry["api"]!.GetValue<string>();
        var command = DecodeOne(V2Example(file));
        Assert.IsNotType<UnknownCommand>(command);
        Assert.Equal(api, command.Kind);
        var kind = ProtocolRegistry.FindCommand(api)!;
        Assert.True(kind.Generations.HasFlag(InterfaceGenerations.V2), $"{api} is not marked as a second-generation kind");
        Assert.IsType(kind.ModelType, command);

        // Written for a second-generation client, every leaf of the option is there again, under its key, with its
        // value. Documented normalisations only: a number may come back as its text and the reverse; absent entries
        // of a list are dropped; createChatRoom's wxidLists is written as wxidList (docs/protocol.md).
        var written = Option(command, InterfaceGenerations.V2);
        foreach (var (name, value) in entry["option"]!.AsObject())
        {
            var key = api == CreateChatRoomCommand.ApiName && name == "wxidLists" ? "wxidList" : name;
            Assert.True(written.ContainsKey(key), $"{api}: option.{name} is missing from {written.ToJsonString(Relaxed)}");
            AssertSameValue(value, written[key], $"{api}.option.{name}");
        }
    }

    [Theory]
    [MemberData(nameof(AllExamples))]
    public void Every_example_of_both_documents_decodes_encodes_and_decodes_to_the_same_command(string folder, string file)
    {
        var first = DecodeOne(File.ReadAllBytes(Path.Combine(Fixtures.Root, folder, file)));
        var second = DecodeOne(CommandEncoder.EncodeBatch([first]));

        // The one documented normalisation: createChatRoom's absent list ("" in both documents) is written as [].
        var expected = first is CreateChatRoomCommand { WxidLists: null } create ? create with { WxidLists = [] } : first;
        Normalized.Equal(expected, second);
        Assert.Equal(first.Shape, second.Shape);
        Assert.Equal(CommandEncoder.EncodeBatch([first]), CommandEncoder.EncodeBatch([second]));
    }

    [Theory]
    [MemberData(nameof(V2Examples))]
    public void A_decoded_example_is_written_back_for_a_second_generation_client_in_the_documents_shape(string file)
    {
        var example = Fixtures.ParseNode(V2Example(file));
        var expected = example is JsonArray array ? Assert.Single(array)! : example;
        var option = expected["option"]!.AsObject();
        if (expected["api"]!.GetValue<string>() == CreateChatRoomCommand.ApiName)
        {
            // The document prints wxidLists: ""; real clients take wxidList, an array (docs/protocol-notes.md).
            option.Remove("wxidLists");
            option["wxidList"] = new JsonArray();
        }

        var written = Option(DecodeOne(V2Example(file)), InterfaceGenerations.V2);
        Assert.Equal(option.Select(p => p.Key), written.Select(p => p.Key));
        foreach (var (name, value) in option)
        {
            var actual = written[name]!;
            if (value is JsonArray list)
            {
                // ["", ""] is a list of absent entries: written as the empty list.
                Assert.Equal(JsonValueKind.Array, actual.GetValueKind());
                Assert.Equal(list.Count(v => v!.GetValue<string>().Length > 0), actual.AsArray().Count);
            }
            else
            {
                Assert.True(value!.GetValueKind() == actual.GetValueKind(), $"option.{name}: the document has {value.GetValueKind()}, the encoder wrote {actual.ToJsonString(Relaxed)}");
            }
        }
    }

    [Fact]
    public void The_values_the_document_prints_are_read()
    {
        Assert.Equal("xxxxx", V2<GetSingleContactCommand>("getSingleContact").Wxid);
        Assert.Equal("xxxxx", V2<UpdateContactCommand>("updateContact").Wxid);
        Assert.Equal("xxxxx", V2<DelFriendCommand>("delFriend").Wxid);
        Assert.True(V2<AutoAcceptFriendCommand>("autoAcceptFriend").Auto);
        Assert.True(V2<AutoAcceptWcpayCommand>("autoAcceptWcpay").Auto);
        Assert.True(V2<AutoAcceptCardCommand>("autoAcceptCard").Auto);
        Assert.True(V2<AutoAcceptChatRoomCommand>("autoAcceptChatRoom").Auto);
        Assert.True(V2<ShowDisplayNameCommand>("showDisplayName").Code);
        Assert.True(V2<SaveRoomToContactCommand>("saveRoomToContact").Code);
        Assert.Null(V2<ModRecvNotifyCommand>("modRecvNotify").Code);
        Assert.Equal(15, V2<AddSearchContactCommand>("addSearchContact").Scene);

        var at = V2<SendAtTextMessageCommand>("sendAtTextMessage");
        Assert.Equal("你好{$@},你好{$@},哈哈哈", at.Text);
        Assert.Equal(["wxid_xxx", "wxid_xxx"], at.AtList!);

        var link = V2<SendLinkMessageCommand>("sendLinkMessage");
        Assert.Equal(("标题", "url链接", "描述", "图片url链接"), (link.Title, link.Url, link.Desc, link.Pic));

        var sql = V2<GetSqlDataCommand>("getSqlData");
        Assert.Null(sql.Sql);
        Assert.Equal(1, sql.Db);
        Assert.Equal("test", sql.Extend);

        Assert.Equal("xxxxx", V2<DownloadFileCommand>("downloadFile").Account);
        Assert.Empty(V2<SendChatroomLowCommand>("sendChatroomLow").WxidList!);

        var addFriend = V2<AddFriendCommand>("addFriend");
        Assert.Null(addFriend.Scene);
        Assert.Null(addFriend.RoomWxid);

        var text = Assert.IsType<SendTextMessageCommand>(DecodeOne(V2Example("_note-array.json")));
        Assert.Null(text.Wxid);
    }

    [Fact]
    public void The_shared_kinds_read_the_second_generations_keys_into_the_same_model()
    {
        var rename = V2<UpdateChatRoomNameCommand>("updateChatRoomName");
        Assert.Equal(InterfaceGenerations.V2, rename.Shape);
        var invite = V2<AcceptChatroomInviteCommand>("acceptChatroomInvite");
        Assert.Equal("https://support....", invite.Url);
        Assert.Equal(InterfaceGenerations.V2, invite.Shape);
        var upload = V2<UploadFileCommand>("uploadFile");
        Assert.Equal("xxxx", upload.Account);
        Assert.Equal(InterfaceGenerations.V2, upload.Shape);
        Assert.Equal(InterfaceGenerations.V2, V2<SendXmlMessageCommand>("sendXmlMessage").Shape);
        Assert.Equal(InterfaceGenerations.V2, V2<AcceptFriendCommand>("acceptFriend").Shape);
        Assert.Equal(InterfaceGenerations.None, V2<AcceptBankTransferCommand>("acceptBankTransfer").Shape);
        Assert.Equal(InterfaceGenerations.None, V2<CreateChatRoomCommand>("createChatRoom").Shape);

        Assert.Equal(InterfaceGenerations.V1, Fixtures.DecodeCommand<UpdateChatRoomNameCommand>("updateChatRoomName").Shape);
        Assert.Equal(InterfaceGenerations.V1, Fixtures.DecodeCommand<UploadFileCommand>("uploadFile").Shape);
        Assert.Equal(InterfaceGenerations.None, Fixtures.DecodeCommand<AcceptBankTransferCommand>("acceptBankTransfer").Shape);
        using var sender = JsonDocument.Parse("""{"transferid":"t1","wxid":"wxid_a"}""");
        Assert.Equal(InterfaceGenerations.V1, CommandEncoder.FromOption("acceptBankTransfer", sender.RootElement).Shape);
    }

    [Fact]
    public void A_shared_kind_is_written_in_either_shape_from_one_model()
    {
        var upload = new UploadFileCommand { FileUrl = @"C:\a.dat", UpUrl = "https://example.com/up", Account = "wxid_me" };
        Assert.Equal("""{"fileUrl":"C:\\a.dat","upUrl":"https://example.com/up"}""", Option(upload).ToJsonString(Relaxed));
        Assert.Equal("""{"cwxid":"wxid_me","filepath":"C:\\a.dat","url":"https://example.com/up"}""", Option(upload, InterfaceGenerations.V2).ToJsonString(Relaxed));
        Assert.Equal(Option(upload, InterfaceGenerations.V2).ToJsonString(Relaxed), Option(upload with { Shape = InterfaceGenerations.V2 }).ToJsonString(Relaxed));
        Assert.Equal(Option(upload).ToJsonString(Relaxed), Option(upload with { Shape = InterfaceGenerations.V2 }, InterfaceGenerations.V1).ToJsonString(Relaxed));

        var rename = new UpdateChatRoomNameCommand { ChatRoom = "1@chatroom", Name = "群" };
        Assert.Equal("""{"chatroom":"1@chatroom","name":"群"}""", Option(rename).ToJsonString(Relaxed));
        Assert.Equal("""{"roomWxid":"1@chatroom","name":"群"}""", Option(rename, InterfaceGenerations.V2).ToJsonString(Relaxed));

        var invite = new AcceptChatroomInviteCommand { Url = "https://x/i", Wxid = "wxid_a" };
        Assert.Equal("""{"url":"https://x/i"}""", Option(invite).ToJsonString(Relaxed));
        Assert.Equal("""{"wxid":"wxid_a","inviteurl":"https://x/i"}""", Option(invite, InterfaceGenerations.V2).ToJsonString(Relaxed));

        var xml = new SendXmlMessageCommand { Wxid = "wxid_a", Xml = "<msg/>" };
        Assert.Equal("""{"wxid":"wxid_a","xml":"<msg/>"}""", Option(xml, InterfaceGenerations.V2).ToJsonString(Relaxed));
        Assert.Equal(InterfaceGenerations.V2, Assert.IsType<SendXmlMessageCommand>(DecodeOne(CommandEncoder.EncodeBatch([xml], InterfaceGenerations.V2))).Shape);

        var accept = new AcceptFriendCommand { V1 = "a", V2 = "b" };
        Assert.Equal("""{"v1":"a","v2":"b"}""", Option(accept).ToJsonString(Relaxed));
        Assert.Equal("""{"v1":"a","v2":"b","scene":""}""", Option(accept, InterfaceGenerations.V2).ToJsonString(Relaxed));
        Assert.Equal("""{"v1":"a","v2":"b","scene":"14"}""", Option(accept with { Scene = 14 }).ToJsonString(Relaxed));

        var transfer = new AcceptBankTransferCommand { TransferId = "t1" };
        Assert.Equal("""{"transferid":"t1","wxid":""}""", Option(transfer).ToJsonString(Relaxed));
        Assert.Equal("""{"transferid":"t1"}""", Option(transfer, InterfaceGenerations.V2).ToJsonString(Relaxed));
    }

    [Theory]
    [InlineData("wxidList", """["wxid_a","wxid_b"]""")]
    [InlineData("wxidList", "\"wxid_a,wxid_b\"")]
    [InlineData("wxidList", "\"wxid_a|wxid_b\"")]
    [InlineData("wxidLists", """["wxid_a","wxid_b"]""")]
    [InlineData("wxidLists", "\"wxid_a, wxid_b\"")]
    [InlineData("wxidLists", "\"[\\\"wxid_a\\\",\\\"wxid_b\\\"]\"")]
    public void Create_chat_room_reads_wxid_list_and_wxid_lists_as_an_array_or_a_separated_string(string key, string wire)
    {
        var command = Assert.IsType<CreateChatRoomCommand>(DecodeOne($$$"""[{"api":"createChatRoom","sendId":"1","option":{"{{{key}}}":{{{wire}}}}}]"""));
        Assert.Equal(["wxid_a", "wxid_b"], command.WxidLists!);
        Assert.Equal(key == "wxidList" ? InterfaceGenerations.V2 : InterfaceGenerations.None, command.Shape);
    }

    [Fact]
    public void Create_chat_room_is_written_with_wxid_list_as_an_array_for_the_second_generation_and_wxid_lists_for_the_first()
    {
        var create = new CreateChatRoomCommand { WxidLists = ["wxid_a", "wxid_b"] };
        Assert.Equal("""{"wxidList":["wxid_a","wxid_b"]}""", Option(create, InterfaceGenerations.V2).ToJsonString(Relaxed));
        Assert.Equal("""{"wxidLists":["wxid_a","wxid_b"]}""", Option(create).ToJsonString(Relaxed));
        Assert.Equal("""{"wxidLists":["wxid_a","wxid_b"]}""", Option(create, InterfaceGenerations.V1).ToJsonString(Relaxed));

        // A command that came with wxidList (as a developer submits it for a second-generation client) goes out with it.
        var received = DecodeOne("""[{"api":"createChatRoom","option":{"wxidList":"wxid_a|wxid_b"}}]""");
        Assert.Equal("""{"wxidList":["wxid_a","wxid_b"]}""", Option(received).ToJsonString(Relaxed));
    }

    [Fact]
    public void Second_generation_options_are_read_as_tolerantly_as_the_first()
    {
        var show = Assert.IsType<ShowDisplayNameCommand>(DecodeOne("""{"api":"showDisplayName","sendId":7,"option":{"roomwxid":"1@chatroom","code":"0"}}"""));
        Assert.Equal(("7", "1@chatroom", false), (show.SendId, show.RoomWxid, show.Code));
        Assert.True(Assert.IsType<DisableRevokeCommand>(DecodeOne("""{"api":"disableRevoke","option":{"code":"true"}}""")).Code);
        Assert.Null(Assert.IsType<AutoAcceptFriendCommand>(DecodeOne("""{"api":"autoAcceptFriend","option":{"auto":"(null)"}}""")).Auto);
        Assert.Equal(7, Assert.IsType<GetSqlDataCommand>(DecodeOne("""{"api":"getSqlData","option":{"db":" 7 ","sql":"select 1"}}""")).Db);
        Assert.Equal(14, Assert.IsType<AddFriendCommand>(DecodeOne("""{"api":"addFriend","option":{"wxid":"wxid_a","scene":14,"roomWxid":null}}""")).Scene);
        Assert.Equal("42", Assert.IsType<TransVoiceCommand>(DecodeOne("""{"api":"transVoice","option":{"wxid":"wxid_a","msgId":42}}""")).MsgId);
        Assert.Equal(["wxid_a", "wxid_b"], Assert.IsType<SendAtTextMessageCommand>(DecodeOne("""{"api":"sendAtTextMessage","option":{"atList":"wxid_a,wxid_b"}}""")).AtList!);
        Assert.Equal(["wxid_a"], Assert.IsType<DelChatRoomMembersCommand>(DecodeOne("""{"api":"delChatRoomMembers","option":{"roomWxid":"1@chatroom","wxidLists":["wxid_a",null]}}""")).WxidList!);
        Assert.Equal("https://x", Assert.IsType<AcceptChatroomInviteCommand>(DecodeOne("""{"api":"acceptChatroomInvite","option":{"inviteUrl":"https://x"}}""")).Url);
        Assert.Equal("群", Assert.IsType<UpdateChatRoomNameCommand>(DecodeOne("""{"api":"updateChatRoomName","option":{"roomwxid":"1@chatroom","name":"群"}}""")).Name);
    }

    [Fact]
    public void Switches_and_numbers_are_written_as_the_document_prints_them()
    {
        Assert.Equal("""{"auto":1}""", Option(new AutoAcceptFriendCommand { Auto = true }).ToJsonString(Relaxed));
        Assert.Equal("""{"auto":0}""", Option(new AutoAcceptChatRoomCommand { Auto = false }).ToJsonString(Relaxed));
        Assert.Equal("""{"auto":""}""", Option(new AutoAcceptCardCommand()).ToJsonString(Relaxed));
        Assert.Equal("""{"wxid":"wxid_a","code":"1"}""", Option(new ModRecvNotifyCommand { Wxid = "wxid_a", Code = true }).ToJsonString(Relaxed));
        Assert.Equal("""{"roomWxid":"1@chatroom","code":0}""", Option(new SaveRoomToContactCommand { RoomWxid = "1@chatroom", Code = false }).ToJsonString(Relaxed));
        Assert.Equal("""{"sql":"select 1","db":7,"extend":""}""", Option(new GetSqlDataCommand { Sql = "select 1", Db = 7 }).ToJsonString(Relaxed));
        Assert.Equal("""{"v1":"","v2":"","remark":"","scene":15}""", Option(new AddSearchContactCommand { Scene = 15 }).ToJsonString(Relaxed));
        Assert.Equal("""{"wxid":"","remark":"","scene":"6","roomWxid":""}""", Option(new AddFriendCommand { Scene = 6 }).ToJsonString(Relaxed));
    }

    [Fact]
    public void Message_kinds_name_their_receiver_for_pacing()
    {
        var kinds = ProtocolRegistry.Commands.Where(k => k.Policy.Pacing == CommandPacing.Message).Select(k => k.Api).ToList();
        foreach (var api in kinds)
        {
            Assert.NotNull(Samples.Commands[api].Receiver);
        }

        Assert.Contains("sendAtTextMessage", kinds);
        Assert.Contains("transAnyMessage", kinds);
    }

    [Fact]
    public void The_commands_that_can_damage_the_account_or_read_its_data_need_the_admin_scope()
    {
        Assert.Equal(
            ["autoAcceptCard", "autoAcceptFriend", "autoAcceptWcpay", "clearChatHistory", "disableRevoke", "getSqlData", "openBrowser"],
            ProtocolRegistry.Commands.Where(k => k.Policy.RequiresAdmin).Select(k => k.Api).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Friend_requests_count_against_the_friend_add_cap_and_room_creation_against_its_own()
    {
        Assert.Equal(
            ["acceptFriend", "acceptOnewayFriend", "addFriend", "addRoomFriend", "addSearchContact"],
            ProtocolRegistry.Commands.Where(k => k.Policy.DailyCap == CommandDailyCap.FriendAdd).Select(k => k.Api).Order(StringComparer.Ordinal));
        Assert.Equal(["createChatRoom"], ProtocolRegistry.Commands.Where(k => k.Policy.DailyCap == CommandDailyCap.CreateRoom).Select(k => k.Api));
    }

    [Theory]
    [InlineData("getLoginQrCode", "reportLoginQrCode", "reportQrCodeMessage")]
    [InlineData("getLoginUser", "reportLoginUser")]
    [InlineData("getContacts", "reportContacts")]
    [InlineData("getImContacts", "reportImContacts")]
    [InlineData("getPublics", "reportPublics")]
    [InlineData("getSingleContact", "reportSingleContact")]
    [InlineData("updateContact", "reportUpdateContact")]
    [InlineData("addFriend", "reportAddFriendMessage")]
    [InlineData("addSearchContact", "reportAddFriendMessage")]
    [InlineData("searchContact", "reportSearchContact")]
    [InlineData("getChatRooms", "reportChatRooms")]
    [InlineData("getImRooms", "reportImRooms")]
    [InlineData("getSingleChatRoomMembers", "reportSingleChatRoomMembers")]
    [InlineData("getSingleImRoomMembers", "reportSingleImRoomMembers")]
    [InlineData("updateChatRoom", "reportSingleChatRoomMembers")]
    [InlineData("acceptQrcodeChatRoom", "reportAcceptQrCodeChatRoom")]
    [InlineData("getFavorites", "reportFavitems")]
    [InlineData("transVoice", "reportTransVoice")]
    [InlineData("zombieCheck", "reportZombieCheckMessage")]
    [InlineData("decryptPic", "reportDecryptPicMessage")]
    [InlineData("scanQrcodePic", "reportScanQrcodePic")]
    [InlineData("checkUrlStatus", "reportCheckUrlStatus")]
    [InlineData("getSqlData", "reportSqlData")]
    [InlineData("uploadFile", "resUploadFile")]
    [InlineData("logout", "resLogout", "reportLogout")]
    public void A_second_generation_command_names_the_reports_that_answer_it(string api, params string[] answers)
    {
        Assert.Equal(answers, ProtocolRegistry.FindCommand(api)!.Policy.AnswerKinds);
    }

    [Fact]
    public void Queries_are_never_paced_and_everything_paced_is_handed_out_once()
    {
        foreach (var kind in ProtocolRegistry.Commands)
        {
            if (kind.Policy.IsQuery)
            {
                Assert.Equal(CommandPacing.None, kind.Policy.Pacing);
                Assert.Equal(CommandDailyCap.None, kind.Policy.DailyCap);
            }
        }

        Assert.Equal(
            ["checkUrlStatus", "decryptPic", "getChatRooms", "getContacts", "getFavorites", "getImContacts", "getImRooms", "getLoginUser", "getPublics",
                "getSingleChatRoomMembers", "getSingleContact", "getSingleImRoomMembers", "getSqlData", "scanQrcodePic", "searchContact", "transVoice",
                "unreadMsgCountChange", "updateChatRoom", "updateContact"],
            ProtocolRegistry.Commands.Where(k => k.Generations == InterfaceGenerations.V2 && k.Policy.IsQuery).Select(k => k.Api).Order(StringComparer.Ordinal));
    }

    private static void AssertSameValue(JsonNode? expected, JsonNode? actual, string path)
    {
        if (expected is JsonArray list)
        {
            var kept = list.Where(v => !IsAbsent(v)).Select(v => Text(v)).ToList();
            Assert.True(actual is JsonArray, $"{path}: expected a list, the encoder wrote {actual?.ToJsonString(Relaxed)}");
            Assert.Equal(kept, ((JsonArray)actual!).Select(v => Text(v)));
            return;
        }

        if (IsAbsent(expected))
        {
            Assert.True(IsAbsent(actual) || actual is JsonArray { Count: 0 }, $"{path}: an absent value came back as {actual?.ToJsonString(Relaxed)}");
            return;
        }

        Assert.True(Text(expected) == Text(actual), $"{path}: {expected!.ToJsonString(Relaxed)} came back as {actual?.ToJsonString(Relaxed)}");
    }

    private static bool IsAbsent(JsonNode? value) => value is null || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0);

    private static string? Text(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => value.ToJsonString(Relaxed),
        _ => value?.ToJsonString(Relaxed),
    };
}
