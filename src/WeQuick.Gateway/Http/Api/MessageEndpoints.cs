using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>Sending messages: one endpoint, the kind chosen by <c>type</c>.</summary>
internal static class MessageEndpoints
{
    /// <summary>The longest text accepted (UTF-16 code units).</summary>
    public const int MaxTextLength = 10_000;

    /// <summary>WeChat fails files over 50 MiB.</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    public static readonly string[] Types = ["text", "image", "file", "link", "card", "room-invite"];

    public static RouteGroupBuilder MapMessageEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/accounts/{wxid}/messages", SendAsync)
            .WithTags("Messages")
            .Command<SendMessageRequest>("SendMessage", "Send a message",
                "type text (sendTextMessage: to, text; with mentions, sendAtTextMessage to a room), image (sendPicMessage: to, path), file (sendFileMessage: to, path, size), "
                + "link (sendXmlMessage: to, title, url, description, thumbnailUrl), card (sendCardMessage: to, card) or room-invite (sendChatroom: to, room).");
        return api;
    }

    internal static Task<CommandResults> SendAsync(string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
        CommandFlow.ToAccountAsync<SendMessageRequest>(wxid, query, http, submitter, Build);

    internal static Command Build(SendMessageRequest m, FieldErrors errors)
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
                return new SendXmlMessageCommand
                {
                    Wxid = errors.Conversation("to", m.To),
                    Title = errors.Text("title", m.Title, 200),
                    Url = errors.Url("url", m.Url),
                    Desc = m.Description is null ? null : errors.Text("description", m.Description, 1000, allowEmpty: true),
                    Pic = errors.Url("thumbnailUrl", m.ThumbnailUrl, required: false),
                };
            case "card":
                return new SendCardMessageCommand { Wxid = errors.Conversation("to", m.To), WxidCard = errors.User("card", m.Card) };
            case "room-invite":
                return new SendChatroomCommand { Wxid = errors.User("to", m.To), ChatRoom = errors.Room("room", m.Room) };
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
