namespace WeQuick.Sdk;

public sealed partial class WeQuickClient
{
    /// <summary>Sends a text (<c>sendTextMessage</c>) to a person or a room.</summary>
    /// <param name="account">The sending account.</param>
    /// <param name="to">A wxid or a room id.</param>
    /// <param name="text">1 to 10,000 characters.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendTextAsync(string account, string to, string text, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(account, new SendMessageBody("text", to) { Text = text }, options, cancellationToken);

    /// <summary>
    /// Sends a text to a room that @-mentions members (<c>sendAtTextMessage</c>; a client of the interface's second
    /// generation only, a first-generation one is refused with <c>generation-unsupported</c>). Each <c>{$@}</c> in
    /// <paramref name="text"/> marks where the next mention goes; a text without any gets the mentions at its start.
    /// </summary>
    /// <param name="account">The sending account.</param>
    /// <param name="room">The room id (…@chatroom).</param>
    /// <param name="text">1 to 10,000 characters, with one <c>{$@}</c> per mention or none.</param>
    /// <param name="mentions">The wxids of the members to mention, 1 to 50.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendTextAsync(string account, string room, string text, IReadOnlyList<string> mentions, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(account, new SendMessageBody("text", room) { Text = text, Mentions = mentions }, options, cancellationToken);

    /// <summary>Sends an image (<c>sendPicMessage</c>).</summary>
    /// <param name="account">The sending account.</param>
    /// <param name="to">A wxid or a room id.</param>
    /// <param name="path">A path on the client machine, or a URL.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendImageAsync(string account, string to, string path, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(account, new SendMessageBody("image", to) { Path = path }, options, cancellationToken);

    /// <summary>Sends a file (<c>sendFileMessage</c>); a <paramref name="size"/> over 50 MiB is refused.</summary>
    /// <param name="account">The sending account.</param>
    /// <param name="to">A wxid or a room id.</param>
    /// <param name="path">A path on the client machine, or a URL.</param>
    /// <param name="size">The size in bytes, when known.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendFileAsync(string account, string to, string path, long? size = null, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(account, new SendMessageBody("file", to) { Path = path, Size = size }, options, cancellationToken);

    /// <summary>Sends a link card (<c>sendXmlMessage</c>; <c>sendLinkMessage</c> to a second-generation client).</summary>
    /// <param name="account">The sending account.</param>
    /// <param name="to">A wxid or a room id.</param>
    /// <param name="title">1 to 200 characters.</param>
    /// <param name="url">The link (http or https).</param>
    /// <param name="description">The card's description.</param>
    /// <param name="thumbnailUrl">The cover image (http or https).</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendLinkAsync(string account, string to, string title, Uri url, string? description = null, Uri? thumbnailUrl = null, CommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        return SendMessageAsync(account, new SendMessageBody("link", to) { Title = title, Url = url.ToString(), Description = description, ThumbnailUrl = thumbnailUrl?.ToString() }, options, cancellationToken);
    }

    /// <summary>Sends a contact card (<c>sendCardMessage</c>).</summary>
    /// <param name="account">The sending account.</param>
    /// <param name="to">A wxid or a room id.</param>
    /// <param name="card">Whose card to send.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendCardAsync(string account, string to, string card, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(account, new SendMessageBody("card", to) { Card = card }, options, cancellationToken);

    /// <summary>Invites a person into a room (<c>sendChatroom</c>).</summary>
    /// <param name="account">The inviting account.</param>
    /// <param name="person">The person to invite.</param>
    /// <param name="room">The room (<c>…@chatroom</c>).</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendRoomInviteAsync(string account, string person, string room, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(account, new SendMessageBody("room-invite", person) { Room = room }, options, cancellationToken);

    /// <summary>One page of an account's stored messages, newest first.</summary>
    /// <param name="account">The account.</param>
    /// <param name="query">Filters and page size.</param>
    /// <param name="cursor">The previous page's <see cref="Page{T}.NextCursor"/>; null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Page<StoredMessage>> ListMessagesAsync(string account, MessageQuery? query = null, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var q = new QueryString()
            .Add("conversation", query?.Conversation)
            .Add("sender", query?.Sender)
            .Add("kind", query?.Kind)
            .Add("since", query?.Since)
            .Add("until", query?.Until)
            .Add("q", query?.Text)
            .Add("limit", query?.Limit)
            .Add("cursor", cursor);
        return GetAsync($"/api/v1/accounts/{Seg(account)}/messages{q}", SdkJsonContext.Default.PageStoredMessage, cancellationToken);
    }

    /// <summary>Every stored message matching <paramref name="query"/>, newest first, page after page.</summary>
    /// <param name="account">The account.</param>
    /// <param name="query">Filters and page size.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public IAsyncEnumerable<StoredMessage> EnumerateMessagesAsync(string account, MessageQuery? query = null, CancellationToken cancellationToken = default) =>
        EnumerateAllAsync((c, ct) => ListMessagesAsync(account, query, c, ct), cancellationToken);

    /// <summary>One page of an account's conversations, most recent first, each with its latest message.</summary>
    /// <param name="account">The account.</param>
    /// <param name="cursor">The previous page's cursor; null for the first page.</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Page<Conversation>> ListConversationsAsync(string account, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/accounts/{Seg(account)}/conversations{new QueryString().Add("limit", limit).Add("cursor", cursor)}", SdkJsonContext.Default.PageConversation, cancellationToken);

    /// <summary>Every conversation of an account, page after page.</summary>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public IAsyncEnumerable<Conversation> EnumerateConversationsAsync(string account, CancellationToken cancellationToken = default) =>
        EnumerateAllAsync((c, ct) => ListConversationsAsync(account, c, null, ct), cancellationToken);

    private Task<CommandRecord> SendMessageAsync(string account, SendMessageBody body, CommandOptions? options, CancellationToken cancellationToken) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/messages", body, SdkJsonContext.Default.SendMessageBody, options, cancellationToken);
}
