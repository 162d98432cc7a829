using System.Text.Json;
using WeQuick.Protocol.Tests.Support;

namespace WeQuick.Protocol.Tests;

/// <summary>The registry is the one list of kinds: every kind in it has a decoder, an encoder, a fixture and a normalized form.</summary>
public sealed class RegistryTests
{
    public static TheoryData<string> ReportActions() => new(ProtocolRegistry.Reports.Select(k => k.Action));

    public static TheoryData<string> CommandApis() => new(ProtocolRegistry.Commands.Select(k => k.Api));

    private static ReportKind ReportKindOf(string action) => ProtocolRegistry.Reports.Single(k => k.Action == action);

    private static CommandKind CommandKindOf(string api) => ProtocolRegistry.Commands.Single(k => k.Api == api);

    [Fact]
    public void The_registry_lists_the_25_spec_reports_the_generic_ack_res_logout_and_the_32_second_generation_kinds()
    {
        Assert.Equal(59, ProtocolRegistry.Reports.Count);
        Assert.Equal(59, ProtocolRegistry.Reports.Select(k => k.Action).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(59, ProtocolRegistry.Reports.Select(k => k.ModelType).Distinct().Count());
    }

    [Fact]
    public void The_registry_lists_the_27_first_generation_commands_add_room_friend_and_the_55_the_second_generation_added()
    {
        Assert.Equal(83, ProtocolRegistry.Commands.Count);
        Assert.Equal(83, ProtocolRegistry.Commands.Select(k => k.Api).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(83, ProtocolRegistry.Commands.Select(k => k.ModelType).Distinct().Count());
        Assert.Equal(28, ProtocolRegistry.Commands.Count(k => k.Generations.HasFlag(InterfaceGenerations.V1)));
        Assert.Equal(70, ProtocolRegistry.Commands.Count(k => k.Generations.HasFlag(InterfaceGenerations.V2)));
        Assert.Equal(15, ProtocolRegistry.Commands.Count(k => k.Generations == InterfaceGenerations.Both));
    }

    [Theory]
    [MemberData(nameof(CommandApis))]
    public void A_command_kind_says_truthfully_which_generations_document_it(string api)
    {
        // A first-generation example sits in commands/, a second-generation one in commands/v2/ (addRoomFriend, the
        // vendor demo's, counts as first generation).
        var kind = CommandKindOf(api);
        Assert.Equal(File.Exists(Path.Combine(Fixtures.Root, "commands", api + ".json")), kind.Generations.HasFlag(InterfaceGenerations.V1));
        Assert.Equal(File.Exists(Fixtures.V2CommandPath(api)), kind.Generations.HasFlag(InterfaceGenerations.V2));
    }

    [Fact]
    public void Every_concrete_report_and_command_type_of_the_library_is_registered()
    {
        var types = typeof(Report).Assembly.GetTypes().Where(t => !t.IsAbstract).ToList();
        var reports = types.Where(t => t.IsSubclassOf(typeof(Report)) && t != typeof(UnknownReport)).ToHashSet();
        var commands = types.Where(t => t.IsSubclassOf(typeof(Command)) && t != typeof(UnknownCommand)).ToHashSet();
        Assert.Equal(reports.OrderBy(t => t.Name), ProtocolRegistry.Reports.Select(k => k.ModelType).OrderBy(t => t.Name));
        Assert.Equal(commands.OrderBy(t => t.Name), ProtocolRegistry.Commands.Select(k => k.ModelType).OrderBy(t => t.Name));
    }

    [Theory]
    [MemberData(nameof(ReportActions))]
    public void A_report_kind_has_a_fixture_that_decodes_to_its_model(string action)
    {
        var kind = ReportKindOf(action);
        Assert.True(File.Exists(Fixtures.ReportPath(action)), $"no fixture reports/{action}.json");
        var result = ReportDecoder.Decode(Fixtures.Report(action));
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.IsType(kind.ModelType, result.Report);
        Assert.Equal(action, result.Report!.Kind);
    }

    [Theory]
    [MemberData(nameof(ReportActions))]
    public void A_report_kind_has_an_encoder_whose_bytes_decode_back_to_the_kind(string action)
    {
        var kind = ReportKindOf(action);
        var sample = Samples.Reports[action];
        Assert.IsType(kind.ModelType, sample);
        foreach (var quirks in Enum.GetValues<ReportQuirks>())
        {
            var body = ReportEncoder.Encode(sample, quirks);
            Assert.NotEmpty(body);
            Assert.IsType(kind.ModelType, ReportDecoder.Decode(body).Report);
        }
    }

    [Theory]
    [MemberData(nameof(ReportActions))]
    public void A_report_kind_is_in_the_normalized_json_context(string action)
    {
        var kind = ReportKindOf(action);
        Assert.NotNull(NormalizedJsonContext.Default.GetTypeInfo(kind.ModelType));
        using var doc = JsonDocument.Parse(NormalizedJson.Serialize(Samples.Reports[action]));
        var first = doc.RootElement.EnumerateObject().Take(2).Select(p => p.Name).ToList();
        Assert.Equal(["kind", "account"], first);
        Assert.Equal(action, doc.RootElement.GetProperty("kind").GetString());
    }

    [Theory]
    [MemberData(nameof(ReportActions))]
    public void A_report_kind_is_found_by_its_action_except_the_generic_ack(string action)
    {
        var found = ProtocolRegistry.FindReport(action);
        if (action == CommandAck.AckKind)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Same(ReportKindOf(action), found);
        }

        Assert.Same(ReportKindOf(action), ProtocolRegistry.ReportOf(ReportKindOf(action).ModelType));
    }

    [Theory]
    [MemberData(nameof(CommandApis))]
    public void A_command_kind_has_a_fixture_that_decodes_to_its_model(string api)
    {
        var kind = CommandKindOf(api);
        Assert.True(File.Exists(Fixtures.CommandPath(api)), $"no fixture commands/{api}.json");
        var command = Assert.Single(CommandDecoder.DecodeBatch(Fixtures.Command(api)).Commands);
        Assert.IsType(kind.ModelType, command);
        Assert.Equal(api, command.Kind);
    }

    [Theory]
    [MemberData(nameof(CommandApis))]
    public void A_command_kind_has_an_encoder_whose_bytes_decode_back_to_the_kind(string api)
    {
        var kind = CommandKindOf(api);
        var sample = Samples.Commands[api];
        Assert.IsType(kind.ModelType, sample);
        var command = Assert.Single(CommandDecoder.DecodeBatch(CommandEncoder.EncodeBatch([sample])).Commands);
        Assert.IsType(kind.ModelType, command);
    }

    [Theory]
    [MemberData(nameof(CommandApis))]
    public void A_command_kind_is_in_the_normalized_json_context_and_found_by_its_api(string api)
    {
        var kind = CommandKindOf(api);
        Assert.NotNull(NormalizedJsonContext.Default.GetTypeInfo(kind.ModelType));
        using var doc = JsonDocument.Parse(NormalizedJson.Serialize(Samples.Commands[api]));
        Assert.Equal("kind", doc.RootElement.EnumerateObject().First().Name);
        Assert.Equal(api, doc.RootElement.GetProperty("kind").GetString());
        Assert.Same(kind, ProtocolRegistry.FindCommand(api));
    }

    [Fact]
    public void Every_fixture_file_belongs_to_a_registered_kind()
    {
        var reportFiles = Directory.EnumerateFiles(Path.Combine(Fixtures.Root, "reports"), "*.json").Select(Path.GetFileNameWithoutExtension);
        var commandFiles = Fixtures.V1CommandExamples().Select(Path.GetFileNameWithoutExtension);
        var v2CommandFiles = Fixtures.V2CommandExamples().Where(f => !f.StartsWith('_')).Select(Path.GetFileNameWithoutExtension);
        var v2ReportFiles = Directory.EnumerateFiles(Path.Combine(Fixtures.Root, "reports", "v2"), "*.json").Select(Path.GetFileNameWithoutExtension).Where(n => n != "envelope");
        Assert.Equal(ProtocolRegistry.Reports.Where(k => k.Generations.HasFlag(InterfaceGenerations.V1)).Select(k => k.Action).Order(StringComparer.Ordinal), reportFiles.Order(StringComparer.Ordinal));
        Assert.Equal(ProtocolRegistry.Reports.Where(k => k.Generations.HasFlag(InterfaceGenerations.V2)).Select(k => k.Action).Order(StringComparer.Ordinal), v2ReportFiles.Order(StringComparer.Ordinal));
        Assert.Equal(ProtocolRegistry.Commands.Where(k => k.Generations.HasFlag(InterfaceGenerations.V1)).Select(k => k.Api).Order(StringComparer.Ordinal), commandFiles.Order(StringComparer.Ordinal));
        Assert.Equal(ProtocolRegistry.Commands.Where(k => k.Generations.HasFlag(InterfaceGenerations.V2)).Select(k => k.Api).Order(StringComparer.Ordinal), v2CommandFiles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_unknown_kinds_are_in_the_normalized_json_context_too()
    {
        Assert.NotNull(NormalizedJsonContext.Default.GetTypeInfo(typeof(UnknownReport)));
        Assert.NotNull(NormalizedJsonContext.Default.GetTypeInfo(typeof(UnknownCommand)));
    }

    [Fact]
    public void Get_contacts_is_the_second_generations_kind_and_with_a_flag_still_the_first_generations_get_contact()
    {
        Assert.Equal(typeof(GetContactsCommand), ProtocolRegistry.FindCommand("getContacts")!.ModelType);
        Assert.Equal(typeof(GetContactCommand), ProtocolRegistry.FindCommand("getContact")!.ModelType);
        Assert.Null(ProtocolRegistry.FindCommand("GetContact"));
        using var withFlag = JsonDocument.Parse("""{"flag":"3"}""");
        Assert.Equal(3, Assert.IsType<GetContactCommand>(CommandEncoder.FromOption("getContacts", withFlag.RootElement)).Flag);
        using var emptyFlag = JsonDocument.Parse("""{"flag":""}""");
        Assert.IsType<GetContactCommand>(CommandEncoder.FromOption("getContacts", emptyFlag.RootElement));
        using var none = JsonDocument.Parse("{}");
        Assert.IsType<GetContactsCommand>(CommandEncoder.FromOption("getContacts", none.RootElement));
        Assert.IsType<GetContactsCommand>(CommandEncoder.FromOption("getContacts", default));
        Assert.Equal("reportContacts", ProtocolRegistry.AnswerKindOf("getContacts"));
    }

    [Fact]
    public void Every_query_report_names_a_registered_command_and_the_command_finds_it_back()
    {
        var answering = ProtocolRegistry.Reports.Where(k => k.AnswersCommand is not null).ToList();
        Assert.Equal(
            [
                "acceptQrcodeChatRoom→reportAcceptQrCodeChatRoom",
                "addFriend→reportAddFriendMessage",
                "checkUrlStatus→reportCheckUrlStatus",
                "decryptPic→reportDecryptPicMessage",
                "getChatRoomUserNick→reportGetChatRoomUserNick",
                "getChatRoomUsers→reportChatRoomUserLists",
                "getChatRooms→reportChatRooms",
                "getContacts→reportContacts",
                "getContact→reportContact",
                "getFavorites→reportFavitems",
                "getImContacts→reportImContacts",
                "getImRooms→reportImRooms",
                "getLoginQrCode→reportLoginQrCode",
                "getLoginQrCode→reportQrCodeMessage",
                "getLoginStatus→loginStatus",
                "getLoginUser→reportLoginUser",
                "getPublics→reportPublics",
                "getSingleChatRoomMembers→reportSingleChatRoomMembers",
                "getSingleContact→reportSingleContact",
                "getSingleImRoomMembers→reportSingleImRoomMembers",
                "getSqlData→reportSqlData",
                "getUsersInfo→reportUsersInfo",
                "getUsersWxid→reportUsersWxid",
                "logout→reportLogout",
                "logout→resLogout",
                "scanQrcodePic→reportScanQrcodePic",
                "searchContact→reportSearchContact",
                "transVoice→reportTransVoice",
                "updateContact→reportUpdateContact",
                "uploadFile→resUploadFile",
                "zombieCheck→reportZombieCheckMessage",
            ],
            answering.Select(k => $"{k.AnswersCommand}→{k.Action}").Order(StringComparer.Ordinal));
        foreach (var kind in answering)
        {
            Assert.NotNull(ProtocolRegistry.FindCommand(kind.AnswersCommand!));
            Assert.Contains(kind.Action, ProtocolRegistry.FindCommand(kind.AnswersCommand!)!.Policy.AnswerKinds);
        }

        Assert.Equal("reportContact", ProtocolRegistry.AnswerKindOf("getContact"));
        Assert.Equal("reportContacts", ProtocolRegistry.AnswerKindOf("getContacts"));
        Assert.Null(ProtocolRegistry.AnswerKindOf("sendTextMessage"));
    }

    [Fact]
    public void Every_answer_kind_a_command_names_is_a_registered_report()
    {
        var unknown = ProtocolRegistry.Commands
            .SelectMany(k => k.Policy.AnswerKinds.Select(a => (k.Api, Answer: a)))
            .Where(p => ProtocolRegistry.FindReport(p.Answer) is null)
            .Select(p => $"{p.Api}→{p.Answer}")
            .ToList();
        Assert.True(unknown.Count == 0, "answer kinds no report has: " + string.Join(", ", unknown));
    }
}
