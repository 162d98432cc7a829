namespace WeQuick.Sdk;

public sealed partial class WeQuickClient
{
    /// <summary>One page of the rooms an account is in, by room id.</summary>
    /// <param name="account">The account.</param>
    /// <param name="text">Text in the name or id; null for all.</param>
    /// <param name="cursor">The previous page's cursor; null for the first page.</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Page<Room>> ListRoomsAsync(string account, string? text = null, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/accounts/{Seg(account)}/rooms{new QueryString().Add("q", text).Add("limit", limit).Add("cursor", cursor)}", SdkJsonContext.Default.PageRoom, cancellationToken);

    /// <summary>Every room of an account, page after page.</summary>
    /// <param name="account">The account.</param>
    /// <param name="text">Text in the name or id; null for all.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public IAsyncEnumerable<Room> EnumerateRoomsAsync(string account, string? text = null, CancellationToken cancellationToken = default) =>
        EnumerateAllAsync((c, ct) => ListRoomsAsync(account, text, c, null, ct), cancellationToken);

    /// <summary>One page of a room's stored members, by wxid.</summary>
    /// <param name="account">The account.</param>
    /// <param name="room">The room id.</param>
    /// <param name="text">Text in nick, room nickname, username or wxid; null for all.</param>
    /// <param name="cursor">The previous page's cursor; null for the first page.</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Page<RoomMember>> ListRoomMembersAsync(string account, string room, string? text = null, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/accounts/{Seg(account)}/rooms/{Seg(room)}/members{new QueryString().Add("q", text).Add("limit", limit).Add("cursor", cursor)}", SdkJsonContext.Default.PageRoomMember, cancellationToken);

    /// <summary>Every stored member of a room, page after page.</summary>
    /// <param name="account">The account.</param>
    /// <param name="room">The room id.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public IAsyncEnumerable<RoomMember> EnumerateRoomMembersAsync(string account, string room, CancellationToken cancellationToken = default) =>
        EnumerateAllAsync((c, ct) => ListRoomMembersAsync(account, room, null, c, null, ct), cancellationToken);

    /// <summary>Asks for a room's members (<c>getChatRoomUsers</c>); the answer is a <c>ChatRoomUserListsReport</c>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="room">The room id.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> RefreshRoomMembersAsync(string account, string room, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/rooms/{Seg(room)}/members/refresh", null, options, cancellationToken);

    /// <summary>Asks for a member's nickname in a room (<c>getChatRoomUserNick</c>); the answer is a <c>ChatRoomUserNickReport</c>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="room">The room id.</param>
    /// <param name="member">The member's wxid.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> RefreshRoomMemberNicknameAsync(string account, string room, string member, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/rooms/{Seg(room)}/members/{Seg(member)}/nickname/refresh", null, options, cancellationToken);

    /// <summary>Removes a member from a room the account owns or manages (<c>delChatRoomUser</c>; <c>delChatRoomMembers</c> on the second generation).</summary>
    /// <param name="account">The account.</param>
    /// <param name="room">The room id.</param>
    /// <param name="member">The member's wxid.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> RemoveRoomMemberAsync(string account, string room, string member, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Delete, $"/api/v1/accounts/{Seg(account)}/rooms/{Seg(room)}/members/{Seg(member)}", null, options, cancellationToken);

    /// <summary>Renames a room (<c>updateChatRoomName</c>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="room">The room id.</param>
    /// <param name="name">1 to 64 characters.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> RenameRoomAsync(string account, string room, string name, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Put, $"/api/v1/accounts/{Seg(account)}/rooms/{Seg(room)}/name", new NameBody(name), SdkJsonContext.Default.NameBody, options, cancellationToken);

    /// <summary>Sets the account's own nickname in a room (<c>updateRoomAsName</c>; <c>updateChatRoomDisplayName</c> on the second generation).</summary>
    /// <param name="account">The account.</param>
    /// <param name="room">The room id.</param>
    /// <param name="nickname">1 to 64 characters.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SetMyRoomNicknameAsync(string account, string room, string nickname, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Put, $"/api/v1/accounts/{Seg(account)}/rooms/{Seg(room)}/my-nickname", new NicknameBody(nickname), SdkJsonContext.Default.NicknameBody, options, cancellationToken);

    /// <summary>Creates a room with the account and 2 to 500 others (<c>createChatRoom</c>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="members">The other members (not the account itself).</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> CreateRoomAsync(string account, IEnumerable<string> members, CommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        return CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/rooms", new MembersBody([.. members]), SdkJsonContext.Default.MembersBody, options, cancellationToken);
    }

    /// <summary>Leaves a room (<c>exitChatRoom</c>; on the second generation <c>quitDelChatRoom</c>, which also deletes it).</summary>
    /// <param name="account">The account.</param>
    /// <param name="room">The room id.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> LeaveRoomAsync(string account, string room, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Delete, $"/api/v1/accounts/{Seg(account)}/rooms/{Seg(room)}", null, options, cancellationToken);

    /// <summary>Accepts a room invitation (<c>acceptChatroomInvite</c>) by the URL of its <c>AddChatRoomMessageReport</c>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="url">The invitation URL.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> AcceptRoomInviteAsync(string account, string url, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/rooms/invites/accept", new UrlBody(url), SdkJsonContext.Default.UrlBody, options, cancellationToken);

    /// <summary>Sends a room member a friend request (<c>addRoomFriend</c>, beyond the spec; not every client supports it).</summary>
    /// <param name="account">The account.</param>
    /// <param name="room">The room id.</param>
    /// <param name="member">The member's wxid.</param>
    /// <param name="message">The greeting, at most 200 characters.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> AddRoomMemberAsFriendAsync(string account, string room, string member, string? message = null, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/rooms/{Seg(room)}/members/{Seg(member)}/friend-request", new GreetingBody(message), SdkJsonContext.Default.GreetingBody, options, cancellationToken);
}
