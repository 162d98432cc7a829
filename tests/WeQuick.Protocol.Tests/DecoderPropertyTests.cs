using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using WeQuick.Protocol.Wire;
using WeQuick.Protocol.Tests.Support;

namespace WeQuick.Protocol.Tests;

/// <summary>
/// The decoders take whatever arrives: they never throw, never fail internally (which they would report as
/// "the decoder failed on this body"), and always hand back the raw body unchanged.
/// </summary>
public sealed class DecoderPropertyTests
{
    private const string InternalFailure = "the decoder failed";

    private static readonly string?[] ContentTypes = [null, "application/json", "application/x-www-form-urlencoded", "text/plain"];

    /// <summary>Fragments real bodies are made of, so random input reaches deep into the decoder, not only its first byte check.</summary>
    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ":", ",", "\"", "\\", " ", "\n", "null", "true", "1", "-0.5e3", "\"action\"", "\"data\"", "\"cwxid\"", "\"msg\"",
        "\"reportTextMessage\"", "\"reportContact\"", "\"\"", "\"res\"", "\"sendId\"", "\"sendResult\"", "\"friendList\"", "\"info\"", "data=",
        "%7B", "%22", "&", "+", "\uE04C", "😀", "\\u0000", "\\ud800", "\u00ff", "\"(null)\"", "\"msg_type\"", "\"wxidLists\"", "\"api\"", "\"option\"",
    ];

    private static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 400];

    private static readonly Gen<byte[]> TokenSoup =
        Gen.OneOf(Tokens).Array[0, 80].Select(t => Encoding.UTF8.GetBytes(string.Concat(t)));

    private static readonly Gen<byte[]> AnyBody = Gen.Frequency((1, RandomBytes), (2, TokenSoup));

    private static void AssertReportOutcome(byte[] input, string? contentType = null, DecodeLimits? limits = null)
    {
        var copy = input.ToArray();
        var result = ReportDecoder.Decode(input, contentType, limits);
        Assert.True(result.Body.Span.SequenceEqual(copy), "the raw body changed");
        Assert.Equal(copy, input);
        Assert.True(result.IsSuccess ^ (result.Error is not null), "exactly one of report and error");
        if (result.Error is { } error)
        {
            Assert.False(error.Message.StartsWith(InternalFailure, StringComparison.Ordinal), error.Message);
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            var form = contentType?.Contains("form", StringComparison.Ordinal) == true || input.AsSpan().IndexOf("data="u8) >= 0;
            if (error.BytePosition is { } p && !form)
            {
                Assert.InRange(p, 0, input.Length);
            }
        }
        else
        {
            // Whatever decoded can be shown in the normalized form.
            using var doc = JsonDocument.Parse(NormalizedJson.Serialize(result.Report!));
            Assert.Equal(result.Report!.Kind, doc.RootElement.GetProperty("kind").GetString());
        }
    }

    private static void AssertCommandOutcome(byte[] input, DecodeLimits? limits = null)
    {
        var copy = input.ToArray();
        var result = CommandDecoder.DecodeBatch(input, limits);
        Assert.True(result.Body.Span.SequenceEqual(copy), "the raw body changed");
        if (result.Error is { } error)
        {
            Assert.False(error.Message.StartsWith(InternalFailure, StringComparison.Ordinal), error.Message);
            Assert.Empty(result.Commands);
        }

        foreach (var command in result.Commands)
        {
            Assert.NotEmpty(NormalizedJson.Serialize(command));
        }
    }

    [Fact]
    public void Arbitrary_bytes_never_break_the_report_decoder()
    {
        Gen.Select(AnyBody, Gen.OneOf(ContentTypes)).Sample((body, contentType) => AssertReportOutcome(body, contentType), iter: 1500);
    }

    [Fact]
    public void Arbitrary_bytes_never_break_the_command_decoder()
    {
        AnyBody.Sample(body => AssertCommandOutcome(body), iter: 1500);
    }

    public static IEnumerable<byte[]> ValidBodies()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Fixtures.Root, "reports"), "*.json"))
        {
            yield return File.ReadAllBytes(file);
        }

        foreach (var report in Samples.Reports.Values)
        {
            yield return ReportEncoder.Encode(report, ReportQuirks.RealClient);
            yield return ReportEncoder.Encode(report, ReportQuirks.Spec, BodyEncoding.Form);
        }
    }

    [Fact]
    public void Every_truncation_of_every_valid_report_body_is_decoded_or_refused_cleanly()
    {
        var lengths = 0;
        foreach (var body in ValidBodies())
        {
            for (var length = 0; length <= body.Length; length++)
            {
                AssertReportOutcome(body[..length]);
                lengths++;
            }
        }

        Assert.True(lengths > 10_000, $"only {lengths} truncations were tried");
    }

    [Fact]
    public void Every_truncation_of_a_valid_command_array_is_decoded_or_refused_cleanly()
    {
        var body = CommandEncoder.EncodeBatch(Samples.Commands.Values);
        for (var length = 0; length <= body.Length; length++)
        {
            AssertCommandOutcome(body[..length]);
        }
    }

    [Fact]
    public void A_valid_body_with_one_byte_changed_is_decoded_or_refused_cleanly()
    {
        var bodies = ValidBodies().ToArray();
        Gen.Int[0, bodies.Length - 1].SelectMany(i => Gen.Select(Gen.Const(bodies[i]), Gen.Int[0, bodies[i].Length - 1], Gen.Byte))
            .Sample((body, at, value) =>
            {
                var changed = body.ToArray();
                changed[at] = value;
                AssertReportOutcome(changed);
            }, iter: 1500);
    }

    [Theory]
    [InlineData("[", "")]
    [InlineData("{\"a\":", "")]
    [InlineData("[", "{\"action\":\"reportTextMessage\",\"data\":")]
    [InlineData("{\"x\":", "{\"data\":{\"action\":\"reportContact\",\"cwxid\":\"wxid_me\",\"data\":")]
    public void Ten_thousand_levels_of_nesting_are_refused_by_the_depth_limit(string level, string prefix)
    {
        var body = Encoding.UTF8.GetBytes(prefix + string.Concat(Enumerable.Repeat(level, 10_000)));
        var result = ReportDecoder.Decode(body);
        Assert.False(result.IsSuccess);
        Assert.Contains("nested deeper than the limit", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(body, result.Body.ToArray());

        var batch = CommandDecoder.DecodeBatch(body);
        Assert.False(batch.IsSuccess);
        Assert.Contains("nested deeper than the limit", batch.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deeply_nested_envelope_inside_a_string_is_not_unwrapped_and_does_not_break_the_decoder()
    {
        var inner = string.Concat(Enumerable.Repeat("{\"a\":", 10_000));
        var body = $$$$"""{"data":{{{{JsonSerializer.Serialize(inner)}}}}}""";
        var result = ReportDecoder.Decode(body);
        Assert.False(result.IsSuccess);
        Assert.Contains("no \"action\"", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_20_mb_string_is_refused_by_the_size_limit()
    {
        var body = Encoding.UTF8.GetBytes($$$$"""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"message":"{{{{new string('字', 7_000_000)}}}}"}}}""");
        Assert.True(body.Length > 20_000_000);
        var result = ReportDecoder.Decode(body);
        Assert.False(result.IsSuccess);
        Assert.Contains($"over the limit of {DecodeLimits.Default.MaxBodyBytes} bytes", result.Error!.Message, StringComparison.Ordinal);
        Assert.True(result.Body.Span == body.AsSpan(), "the raw body is the caller's buffer");

        Assert.False(CommandDecoder.DecodeBatch(body).IsSuccess);
    }

    [Fact]
    public void A_1_mb_string_field_is_accepted_and_kept_whole()
    {
        var message = string.Concat(Enumerable.Repeat("长消息\uE04C😀", 1_000_000 / 12));
        var body = Encoding.UTF8.GetBytes($$$$"""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"message":"{{{{message}}}}"}}}""");
        Assert.True(body.Length > 1_000_000);
        var text = Assert.IsType<TextMessageReport>(ReportDecoder.Decode(body).Report);
        Assert.Equal(message, text.Message);
    }

    /// <summary>Any JSON value, with the spellings of "absent", numeric strings, lists-as-strings and garbage weighted in.</summary>
    private static Gen<string> AnyJson(int depth)
    {
        var scalar = Gen.Frequency(
            (2, Gen.OneOf("null", "true", "false", "0", "1", "-1", "2", "47", "4901", "1.0", "1.5", "1e400", "-0", "123456789012345678901234567890",
                "\"\"", "\"null\"", "\"(null)\"", "\"NULL\"", "\"0\"", "\"1\"", "\" 7 \"", "\"4903\"", "\"a,b;c\"", "\"[\\\"a\\\",1]\"", "\"[\"", "\"<msg><\"",
                "\"\\uE04C😀\"", "\"a\\ud800b\"", "\"\\udc00\"", "\"{\\\"action\\\":1}\"", "\"1@chatroom\"", "\"wxid_me\"", "\"gh_x\"")),
            (1, Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            (2, Gen.String.Select(s => JsonSerializer.Serialize(s))));
        if (depth == 0)
        {
            return scalar;
        }

        var inner = AnyJson(depth - 1);
        var array = inner.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]");
        var obj = Gen.Select(Gen.OneOf("msg", "info", "wxid", "x", "sendId", "friendList", "userLists", "msgType"), inner)
            .Array[0, 4].Select(ps => "{" + string.Join(",", ps.Select(p => JsonSerializer.Serialize(p.Item1) + ":" + p.Item2)) + "}");
        return Gen.Frequency((6, scalar), (1, array), (1, obj));
    }

    /// <summary>The template's structure with its leaves (and sometimes whole subtrees) replaced by random JSON, fields sometimes dropped.</summary>
    private static Gen<string> Randomize(JsonNode? node)
    {
        var any = AnyJson(2);
        switch (node)
        {
            case JsonObject o:
                var fields = Gen.Const("");
                var first = true;
                foreach (var (name, value) in o)
                {
                    var sep = first ? "" : ",";
                    first = false;
                    var field = Gen.Frequency((8, Randomize(value).Select(v => sep + JsonSerializer.Serialize(name) + ":" + v)), (1, Gen.Const("")));
                    fields = Gen.Select(fields, field, (a, b) => a + (a.Length == 0 ? b.TrimStart(',') : b));
                }

                return Gen.Frequency((8, fields.Select(f => "{" + f + "}")), (1, any));
            case JsonArray a:
                var item = Randomize(a.Count > 0 ? a[0] : null);
                return Gen.Frequency((8, item.Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")), (1, any));
            default:
                return any;
        }
    }

    public static TheoryData<string> ReportActions() => new(ProtocolRegistry.Reports.Select(k => k.Action));

    [Theory]
    [MemberData(nameof(ReportActions))]
    public void A_valid_envelope_with_random_field_values_always_decodes_to_its_kind(string action)
    {
        var kind = ProtocolRegistry.Reports.Single(k => k.Action == action);
        var templates = Enum.GetValues<ReportQuirks>()
            .Select(q => JsonNode.Parse(ReportEncoder.Encode(Samples.Reports[action], q))!["data"]!["data"])
            .ToArray();
        var wireAction = action == CommandAck.AckKind ? "" : action;
        var gen = Gen.Select(Gen.Int[0, templates.Length - 1].SelectMany(i => Randomize(templates[i])), AnyJson(0), Gen.Bool);
        gen.Sample((data, cwxid, wrapped) =>
        {
            var envelope = $$$$"""{"action":{{{{JsonSerializer.Serialize(wireAction)}}}},"cwxid":{{{{cwxid}}}},"data":{{{{data}}}}}""";
            var body = Encoding.UTF8.GetBytes(wrapped ? $$$$"""{"data":{{{{envelope}}}}}""" : envelope);
            var result = ReportDecoder.Decode(body);
            Assert.True(result.IsSuccess, $"{result.Error} in {envelope}");
            Assert.IsType(kind.ModelType, result.Report);
            Assert.Equal(wrapped, result.Wrapped);
            AssertReportOutcome(body);
        }, iter: 150);
    }

    [Fact]
    public void A_valid_envelope_with_an_unknown_action_and_random_data_is_an_unknown_report_keeping_the_data()
    {
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 20], AnyJson(3)).Sample((action, data) =>
        {
            if (ProtocolRegistry.FindReport(action) is not null || action.StartsWith("res", StringComparison.Ordinal) || ProtocolRegistry.FindCommand(action) is not null)
            {
                return;
            }

            var body = $$$$"""{"action":"{{{{action}}}}","cwxid":"wxid_me","data":{{{{data}}}}}""";
            var unknown = Assert.IsType<UnknownReport>(ReportDecoder.Decode(body).Report);
            Assert.Equal(action, unknown.UnknownAction);
            using var expected = JsonDocument.Parse(BodyText.WithPairedSurrogates(Encoding.UTF8.GetBytes(data))); // the one repair the decoder makes
            if (expected.RootElement.ValueKind == JsonValueKind.String && (expected.RootElement.GetString() ?? "").TrimStart().StartsWith('{'))
            {
                return; // a JSON object inside a string is unwrapped, as double-encoded clients need
            }

            var kept = unknown.Data!.Value;
            Assert.Equal(expected.RootElement.GetRawText(), kept.GetRawText());

            // Written back, an object's fields come out as they went in; other data has no fields to write.
            var again = Assert.IsType<UnknownReport>(ReportDecoder.Decode(ReportEncoder.Encode(unknown, ReportQuirks.RealClient)).Report);
            if (kept.ValueKind == JsonValueKind.Object)
            {
                Assert.True(JsonElement.DeepEquals(kept, again.Data!.Value), again.Data!.Value.GetRawText());
            }
        }, iter: 1000);
    }

    [Fact]
    public void Command_arrays_with_random_options_always_decode_each_command_to_its_kind()
    {
        var apis = ProtocolRegistry.Commands.Select(k => k.Api).ToArray();
        var entry = Gen.Select(Gen.OneOf(apis), Gen.Int[0, apis.Length - 1], AnyJson(0));
        var gen = entry.SelectMany(e =>
        {
            var template = JsonNode.Parse(CommandEncoder.EncodeBatch([Samples.Commands[e.Item1]]))![0]!["option"];
            return Randomize(template).Select(option => (Api: e.Item1, SendId: e.Item3, Option: option));
        }).Array[0, 6];
        gen.Sample(entries =>
        {
            var body = "[" + string.Join(",", entries.Select(e => $$$$"""{"api":"{{{{e.Api}}}}","sendId":{{{{e.SendId}}}},"option":{{{{e.Option}}}}}""")) + "]";
            var result = CommandDecoder.DecodeBatch(body);
            Assert.True(result.IsSuccess, result.Error?.ToString());
            Assert.Equal(entries.Select(e => ProtocolRegistry.FindCommand(e.Api)!.ModelType), result.Commands.Select(c => c.GetType()));
            AssertCommandOutcome(Encoding.UTF8.GetBytes(body));
        }, iter: 500);
    }

    [Fact]
    public void The_one_pass_read_of_message_fields_agrees_with_a_lookup_per_field()
    {
        // Duplicates, escaped names, both spellings and every kind of value, against Flex's lookups.
        var name = Gen.OneOf("msgType", "msg_type", "myMsg", "roomWxid", "wxidFrom", "wxidTo", "nick", "xmlmsg", "xmlMsg", "message", "x",
            "msg\\u0054ype", "\\u006eick", "wxid\\u0046rom", "\\ud800");
        var field = Gen.Select(name, AnyJson(1)).Select((n, v) => $"\"{n}\":{v}");
        field.Array[0, 12].Sample(fields =>
        {
            var msgJson = "{" + string.Join(",", fields) + "}";
            // The reference reads what the decoder reads: unpaired surrogate escapes already replaced.
            using var doc = JsonDocument.Parse(BodyText.WithPairedSurrogates(Encoding.UTF8.GetBytes(msgJson)));
            var msg = doc.RootElement;
            var body = $$$$"""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{{{{msgJson}}}}}}""";
            var text = Assert.IsType<TextMessageReport>(ReportDecoder.Decode(body).Report);
            Assert.Equal(Flex.Int(msg, "msgType", "msg_type"), text.MsgType);
            Assert.Equal(Flex.Bool(msg, "myMsg"), text.MyMsg);
            Assert.Equal(Flex.String(msg, "roomWxid"), text.RoomWxid);
            Assert.Equal(Flex.String(msg, "wxidFrom"), text.WxidFrom);
            Assert.Equal(Flex.String(msg, "wxidTo"), text.WxidTo);
            Assert.Equal(Flex.String(msg, "nick"), text.Nick);
            Assert.Equal(Flex.String(msg, "xmlmsg", "xmlMsg"), text.XmlMsg);
            Assert.Equal(Flex.String(msg, "message"), text.Message);
        }, iter: 1500);
    }

    [Fact]
    public void The_one_pass_read_of_a_profile_agrees_with_a_lookup_per_field()
    {
        var name = Gen.OneOf("wxid", "username", "nick", "asName", "headPic", "sex", "country", "province", "city", "isFriend", "x", "wxidx",
            "\\u0073ex", "ci\\u0074y", "\\ud800");
        var field = Gen.Select(name, AnyJson(1)).Select((n, v) => $"\"{n}\":{v}");
        field.Array[0, 14].Sample(fields =>
        {
            var profileJson = "{" + string.Join(",", fields) + "}";
            // The reference reads what the decoder reads: unpaired surrogate escapes already replaced.
            using var doc = JsonDocument.Parse(BodyText.WithPairedSurrogates(Encoding.UTF8.GetBytes(profileJson)));
            var o = doc.RootElement;
            var body = $$$$"""{"action":"reportContact","cwxid":"wxid_me","data":{"friendList":[{{{{profileJson}}}}]}}""";
            var contact = Assert.IsType<ContactReport>(ReportDecoder.Decode(body).Report);
            var expected = new UserProfile
            {
                Wxid = Flex.String(o, "wxid"), Username = Flex.String(o, "username"), Nick = Flex.String(o, "nick"), AsName = Flex.String(o, "asName"),
                HeadPic = Flex.String(o, "headPic"), Sex = Flex.Int(o, "sex"), Country = Flex.String(o, "country"), Province = Flex.String(o, "province"),
                City = Flex.String(o, "city"), IsFriend = Flex.Int(o, "isFriend"),
            };
            Assert.Equal(expected, Assert.Single(contact.FriendList!));
        }, iter: 1500);
    }

    /// <summary>Text as WeChat users type it: any Unicode scalar value, but not one of the spellings of "absent".</summary>
    private static readonly Gen<string> UserText = Gen.Int[0, 40].SelectMany(n => Gen.Frequency(
            (4, Gen.Int[0x20, 0x7E]), (3, Gen.Int[0x4E00, 0x9FFF]), (2, Gen.Int[0xE000, 0xF8FF]), (2, Gen.Int[0x1F300, 0x1FAFF]),
            (1, Gen.Int[0, 0x1F]), (1, Gen.Int[0x10000, 0x10FFFF]))
        .Array[n])
        .Select(scalars => string.Concat(scalars.Select(char.ConvertFromUtf32)))
        .Where(s => s.Length > 0 && s is not ("null" or "(null)" or "NULL"));

    [Fact]
    public void Any_text_a_user_types_comes_back_exactly_through_every_encoding()
    {
        Gen.Select(UserText, UserText, Gen.Enum<ReportQuirks>(), Gen.Enum<BodyEncoding>()).Sample((message, nick, quirks, encoding) =>
        {
            var report = new TextMessageReport { Account = "wxid_me", MsgType = 1, MyMsg = false, WxidFrom = "wxid_peer", WxidTo = "wxid_me", Nick = nick, Message = message };
            var decoded = Assert.IsType<TextMessageReport>(ReportDecoder.Decode(ReportEncoder.Encode(report, quirks, encoding)).Report);
            Assert.Equal(report, decoded);

            var command = new SendTextMessageCommand { SendId = "1", Wxid = nick, Text = message };
            Assert.Equal(command, CommandDecoder.DecodeBatch(CommandEncoder.EncodeBatch([command])).Commands.Single());
        }, iter: 1000);
    }
}
