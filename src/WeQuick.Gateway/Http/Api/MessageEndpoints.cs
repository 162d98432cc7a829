using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Commands;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>Sending messages: one endpoint, the kind chosen by <c>type</c>.</summary>
internal static class MessageEndpoints
{
    /// <summary>The longest text accepted (UTF-16 code units).</summary>
    public const int MaxTextLength = 10_000;

    /// <summary>WeChat fails files over 50 MiB.</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    /// <summary>The longest contact card XML accepted (<c>card-xml</c>).</summary>
    public const int MaxXmlLength = 50_000;

    /// <summary>The longest message id or favourite id accepted.</summary>
    public const int MaxIdLength = 128;

    public static readonly string[] Types = ["text", "image", "file", "link", "card", "room-invite", "video", "gif", "mini-program", "card-xml", "favorite", "forward"];

    public static RouteGroupBuilder MapMessageEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/accounts/{wxid}/messages", SendAsync)
            .WithTags("Messages")
            .Command<SendMessageRequest>("SendMessage", "Send a message",
                "type text (sendTextMessage: to, text; with mentions, sendAtTextMessage to a room), image (sendPicMessage: to, path), file (sendFileMessage: to, path, size), "
                + "link (to, title, url, description, thumbnailUrl: sendLinkMessage to a second-generation client, sendXmlMessage to a first-generation one), card (sendCardMessage: to, card), room-invite (sendChatroom: to, room); "
                + "second-generation clients only: video (sendVideoMessage: to, path), gif (sendGifMessage: to, path), mini-program (sendMiniMessage: to, messageId), card-xml (sendCardXmlMessage: to, xml), "
                + "favorite (sendFavorite: to, favoriteId) or forward (transAnyMessage: to, messageId; the vendor says WeChat no longer lets it work).");
        api.MapPost("/accounts/{wxid}/messages/transcribe", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<MessageRefRequest>(wxid, query, http, submitter, (b, e) => new TransVoiceCommand
                {
                    Wxid = e.Conversation("conversation", b.Conversation),
                    MsgId = e.Token("messageId", b.MessageId, MaxIdLength),
                }))
            .WithTags("Messages")
            .Command<MessageRefRequest>("TranscribeVoiceMessage", "Transcribe a voice message (transVoice)",
                "Second-generation clients only. The voice message by its conversation and msgid; answered by reportTransVoice with the text.");
        return api;
    }

    internal static async Task<CommandResults> SendAsync(string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, CommandService commands) =>
        await CommandFlow.ByGenerationAsync<SendMessageRequest>(wxid, query, http, submitter, commands, Build);

    internal static Command Build(SendMessageRequest m, FieldErrors errors, InterfaceGenerations generation)
    {
        switch (m.Type)
        {
            case "text" when m.Mentions is not null:
                return MentionText(m, errors);
            case "text":
                return new SendTextMessageCommand { Wxid = errors.Conversation("to", m.To), Text = errors.Text("text", m.Text, MaxTextLength) };
            case "image":
                return new SendPicMessageCommand { Wxid = errors.Conversation("to", m.To), ImgPath = errors.PathOrUrl("path", m.Path) };
            case "file":
                if (m.Size is { } size && (size < 0 || size > MaxFileBytes))
                {
                    errors.Add("size", size < 0 ? "must not be negative" : $"is {size} bytes; WeChat sends files of at most {MaxFileBytes} bytes (50 MiB)");
                }

                return new SendFileMessageCommand { Wxid = errors.Conversation("to", m.To), FilePath = errors.PathOrUrl("path", m.Path) };
            case "link":
                return GenerationCommands.Link(
                    generation,
                    errors.Conversation("to", m.To),
                    errors.Text("title", m.Title, 200),
                    errors.Url("url", m.Url),
                    m.Description is null ? null : errors.Text("description", m.Description, 1000, allowEmpty: true),
                    errors.Url("thumbnailUrl", m.ThumbnailUrl, required: false));
            case "card":
                return new SendCardMessageCommand { Wxid = errors.Conversation("to", m.To), WxidCard = errors.User("card", m.Card) };
            case "room-invite":
                return new SendChatroomCommand { Wxid = errors.User("to", m.To), ChatRoom = errors.Room("room", m.Room) };
            case "video":
                return new SendVideoMessageCommand { Wxid = errors.Conversation("to", m.To), VideoPath = errors.ClientPath("path", m.Path) };
            case "gif":
                return new SendGifMessageCommand { Wxid = errors.Conversation("to", m.To), GifPath = errors.ClientPath("path", m.Path) };
            case "mini-program":
                return new SendMiniMessageCommand { Wxid = errors.Conversation("to", m.To), MsgId = errors.Token("messageId", m.MessageId, MaxIdLength) };
            case "card-xml":
                return new SendCardXmlMessageCommand { Wxid = errors.Conversation("to", m.To), Xml = errors.Text("xml", m.Xml, MaxXmlLength) };
            case "favorite":
                return new SendFavoriteCommand { Wxid = errors.Conversation("to", m.To), LocalId = errors.Token("favoriteId", m.FavoriteId, MaxIdLength) };
            case "forward":
                return new TransAnyMessageCommand { Wxid = errors.Conversation("to", m.To), MsgId = errors.Token("messageId", m.MessageId, MaxIdLength) };
            default:
                errors.Add("type", m.Type is null ? "is required: one of " + string.Join(", ", Types) : $"'{FieldErrors.Shown(m.Type)}' is not one of {string.Join(", ", Types)}");
                return new SendTextMessageCommand();
        }
    }

    /// <summary>The placeholder a <c>sendAtTextMessage</c> text holds for each mention, in the order of its <c>atlist</c>.</summary>
    public const string MentionPlaceholder = "{$@}";

    /// <summary>The most members one text mentions.</summary>
    public const int MaxMentions = 50;

    /// <summary>
    /// A text to a room mentioning members (<c>sendAtTextMessage</c>): the caller's <c>{$@}</c> placeholders when the text
    /// has them (one per mention), else one placeholder and a space per mention put before the text.
    /// </summary>
    private static SendAtTextMessageCommand MentionText(SendMessageRequest m, FieldErrors errors)
    {
        var room = errors.Room("to", m.To);
        var text = errors.Text("text", m.Text, MaxTextLength);
        var mentions = m.Mentions ?? [];
        if (mentions.Count == 0)
        {
            errors.Add("mentions", "is empty: leave it out to send a text without mentions");
        }
        else if (mentions.Count > MaxMentions)
        {
            errors.Add("mentions", $"has {mentions.Count} members; one text mentions at most {MaxMentions}");
        }

        var members = new List<string>(mentions.Count);
        for (var i = 0; i < mentions.Count; i++)
        {
            if (errors.User($"mentions[{i}]", mentions[i]) is { } member)
            {
                members.Add(member);
            }
        }

        if (text is not null && mentions.Count > 0)
        {
            var placed = Placeholders(text);
            if (placed == 0)
            {
                text = string.Concat(Enumerable.Repeat(MentionPlaceholder + " ", mentions.Count)) + text;
                if (text.Length > MaxTextLength)
                {
                    errors.Add("text", $"with a {MentionPlaceholder} placeholder for each mention is over {MaxTextLength} characters");
                }
            }
            else if (placed != mentions.Count)
            {
                errors.Add("text", $"has {placed} {MentionPlaceholder} placeholders for {mentions.Count} mentions; give one per mention, or none to have them put at the start");
            }
        }

        return new SendAtTextMessageCommand { Wxid = room, Text = text, AtList = members };
    }

    private static int Placeholders(string text)
    {
        var count = 0;
        for (var i = text.IndexOf(MentionPlaceholder, StringComparison.Ordinal); i >= 0; i = text.IndexOf(MentionPlaceholder, i + MentionPlaceholder.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
