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
                "type text (sendTextMessage: to, text), image (sendPicMessage: to, path), file (sendFileMessage: to, path, size), "
                + "link (sendXmlMessage: to, title, url, description, thumbnailUrl), card (sendCardMessage: to, card) or room-invite (sendChatroom: to, room).");
        return api;
    }

    internal static Task<CommandResults> SendAsync(string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
        CommandFlow.ToAccountAsync<SendMessageRequest>(wxid, query, http, submitter, Build);

    internal static Command Build(SendMessageRequest m, FieldErrors errors)
    {
        switch (m.Type)
        {
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
}
