using System.Text;
using System.Text.Json.Nodes;
using WeQuick.Protocol.Tests.Support;

namespace WeQuick.Protocol.Tests;

/// <summary>What the encoder writes, the decoder reads back unchanged: every kind, both quirk profiles, both body encodings.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string, ReportQuirks, BodyEncoding> ReportCases()
    {
        var data = new TheoryData<string, ReportQuirks, BodyEncoding>();
        foreach (var kind in ProtocolRegistry.Reports)
        {
            foreach (var quirks in Enum.GetValues<ReportQuirks>())
            {
                foreach (var encoding in Enum.GetValues<BodyEncoding>())
                {
                    data.Add(kind.Action, quirks, encoding);
                }
            }
        }

        return data;
    }

    public static TheoryData<string> CommandCases() => new(ProtocolRegistry.Commands.Select(k => k.Api));

    [Theory]
    [MemberData(nameof(ReportCases))]
    public void A_report_comes_back_as_it_was_sent(string action, ReportQuirks quirks, BodyEncoding encoding)
    {
        var report = Samples.Reports[action];
        var body = ReportEncoder.Encode(report, quirks, encoding);

        var labelled = ReportDecoder.Decode(body, ReportEncoder.ContentType(encoding));
        Assert.True(labelled.IsSuccess, labelled.Error?.ToString());
        Assert.True(labelled.Wrapped);
        Normalized.Equal(report, labelled.Report);

        // Servers do not always pass the content type on; a form body must still be recognised.
        var unlabelled = ReportDecoder.Decode(body);
        Normalized.Equal(report, unlabelled.Report);
    }

    [Theory]
    [MemberData(nameof(ReportCases))]
    public void Private_use_and_non_bmp_characters_survive_the_wire(string action, ReportQuirks quirks, BodyEncoding encoding)
    {
        var report = Samples.Reports[action];
        var decoded = ReportDecoder.Decode(ReportEncoder.Encode(report, quirks, encoding)).Report!;
        var normalized = Normalized.Of(decoded);
        if (Normalized.Of(report).Contains('\uE04C', StringComparison.Ordinal))
        {
            Assert.Contains("\uE04C", normalized, StringComparison.Ordinal);
        }

        if (Normalized.Of(report).Contains("😀", StringComparison.Ordinal))
        {
            Assert.Contains("😀", normalized, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WeChat_emoji_and_non_bmp_characters_are_written_as_utf8_as_real_clients_write_them()
    {
        var report = new TextMessageReport { Account = Samples.Me, WxidFrom = Samples.Friend, WxidTo = Samples.Me, Message = "a\uE04C😀\"\\\n\u0001" };
        var body = ReportEncoder.Encode(report, ReportQuirks.RealClient);
        Assert.True(body.AsSpan().IndexOf("a\uE04C😀"u8) >= 0, Encoding.UTF8.GetString(body));
        Assert.True(body.AsSpan().IndexOf("\\\"\\\\\\n\\u0001"u8) >= 0, Encoding.UTF8.GetString(body));

        var command = CommandEncoder.EncodeBatch([new SendTextMessageCommand { Wxid = Samples.Friend, Text = "\uE04C😀" }]);
        Assert.True(command.AsSpan().IndexOf("\uE04C😀"u8) >= 0, Encoding.UTF8.GetString(command));
    }

    [Fact]
    public void Every_command_comes_back_as_it_was_sent_in_one_batch()
    {
        var commands = ProtocolRegistry.Commands.Select(k => Samples.Commands[k.Api]).ToList();
        var result = CommandDecoder.DecodeBatch(CommandEncoder.EncodeBatch(commands));
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Empty(result.Skipped);
        Assert.Equal(commands.Count, result.Commands.Count);
        for (var i = 0; i < commands.Count; i++)
        {
            Normalized.Equal(commands[i], result.Commands[i]);
        }
    }

    [Theory]
    [MemberData(nameof(CommandCases))]
    public void A_command_comes_back_as_it_was_sent(string api)
    {
        var command = Samples.Commands[api];
        var result = CommandDecoder.DecodeBatch(CommandEncoder.EncodeBatch([command]));
        Normalized.Equal(command, Assert.Single(result.Commands));
    }

    [Theory]
    [MemberData(nameof(CommandCases))]
    public void A_command_built_from_its_option_as_a_developer_submits_it_equals_the_decoded_one(string api)
    {
        var command = Samples.Commands[api];
        var wire = Assert.IsType<JsonArray>(JsonNode.Parse(CommandEncoder.EncodeBatch([command])));
        using var option = System.Text.Json.JsonDocument.Parse(wire[0]!["option"]!.ToJsonString());
        Normalized.Equal(command, CommandEncoder.FromOption(api, option.RootElement, command.SendId));
    }

    [Fact]
    public void An_unknown_report_is_written_back_with_its_data_as_it_came()
    {
        const string body = """{"data":{"action":"reportRedPacket","cwxid":"wxid_me","data":{"amount":"0.01","memo":"恭喜发财 😀","n":[1,2]}}}""";
        var unknown = Assert.IsType<UnknownReport>(ReportDecoder.Decode(body).Report);
        var again = ReportDecoder.Decode(ReportEncoder.Encode(unknown)).Report;
        Normalized.Equal(unknown, again);
        Assert.Equal(body, Encoding.UTF8.GetString(ReportEncoder.Encode(unknown)));
    }

    [Fact]
    public void An_unknown_command_is_written_back_with_its_option_as_it_came()
    {
        const string body = """[{"api":"sendRedPacket","sendId":"9","option":{"wxid":"wxid_a","amount":1}}]""";
        var unknown = Assert.IsType<UnknownCommand>(Assert.Single(CommandDecoder.DecodeBatch(body).Commands));
        Assert.Equal(body, Encoding.UTF8.GetString(CommandEncoder.EncodeBatch([unknown])));
    }
}
