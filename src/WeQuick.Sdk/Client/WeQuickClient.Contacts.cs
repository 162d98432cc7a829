namespace WeQuick.Sdk;

/// <summary>What <see cref="WeQuickClient.RefreshContactsAsync"/> asks the client to report (the <c>getContact</c> flag).</summary>
[Flags]
public enum ContactKinds
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Friends (and other people).</summary>
    Friends = 1,

    /// <summary>Rooms.</summary>
    Rooms = 2,

    /// <summary>Official accounts.</summary>
    PublicAccounts = 4,

    /// <summary>Everything.</summary>
    All = Friends | Rooms | PublicAccounts,
}

public sealed partial class WeQuickClient
{
    /// <summary>One page of an account's stored contacts, by wxid.</summary>
    /// <param name="account">The account.</param>
    /// <param name="query">Type, text and page size.</param>
    /// <param name="cursor">The previous page's cursor; null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Page<Contact>> ListContactsAsync(string account, ContactQuery? query = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/accounts/{Seg(account)}/contacts{new QueryString().Add("type", query?.Type).Add("q", query?.Text).Add("limit", query?.Limit).Add("cursor", cursor)}", SdkJsonContext.Default.PageContact, cancellationToken);

    /// <summary>Every stored contact matching <paramref name="query"/>, page after page.</summary>
    /// <param name="account">The account.</param>
    /// <param name="query">Type, text and page size.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public IAsyncEnumerable<Contact> EnumerateContactsAsync(string account, ContactQuery? query = null, CancellationToken cancellationToken = default) =>
        EnumerateAllAsync((c, ct) => ListContactsAsync(account, query, c, ct), cancellationToken);

    /// <summary>Asks the client for its contact list (<c>getContact</c>); the answer is a <c>ContactReport</c> and the stored contacts follow it.</summary>
    /// <param name="account">The account.</param>
    /// <param name="kinds">What to report (default everything).</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> RefreshContactsAsync(string account, ContactKinds kinds = ContactKinds.All, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/contacts/refresh", new FlagBody((int)kinds), SdkJsonContext.Default.FlagBody, options, cancellationToken);

    /// <summary>Asks for the wxids of every contact (<c>getUsersWxid</c>); the answer is a <c>UsersWxidReport</c>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> RefreshContactWxidsAsync(string account, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/contacts/wxids", null, options, cancellationToken);

    /// <summary>Looks up the profiles of 1 to 50 contacts (<c>getUsersInfo</c>); the answer is a <c>UsersInfoReport</c>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="wxids">1 to 50 distinct wxids.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> GetContactsInfoAsync(string account, IEnumerable<string> wxids, CommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wxids);
        return CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/contacts/info", new WxidsBody([.. wxids]), SdkJsonContext.Default.WxidsBody, options, cancellationToken);
    }

    /// <summary>Deletes a friend (<c>delUser</c>; <c>delFriend</c> on the second generation).</summary>
    /// <param name="account">The account.</param>
    /// <param name="contact">The friend's wxid.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> DeleteContactAsync(string account, string contact, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Delete, $"/api/v1/accounts/{Seg(account)}/contacts/{Seg(contact)}", null, options, cancellationToken);

    /// <summary>Sets the remark of a friend (<c>updateAsName</c>; <c>updateRemark</c> on the second generation); an empty remark clears it.</summary>
    /// <param name="account">The account.</param>
    /// <param name="contact">The friend's wxid.</param>
    /// <param name="remark">At most 64 characters.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SetRemarkAsync(string account, string contact, string remark, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Put, $"/api/v1/accounts/{Seg(account)}/contacts/{Seg(contact)}/remark", new RemarkBody(remark), SdkJsonContext.Default.RemarkBody, options, cancellationToken);

    /// <summary>One page of an account's friend requests, by requester.</summary>
    /// <param name="account">The account.</param>
    /// <param name="state"><c>pending</c> or <c>accepted</c>; null for both.</param>
    /// <param name="cursor">The previous page's cursor; null for the first page.</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Page<FriendRequest>> ListFriendRequestsAsync(string account, string? state = null, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/accounts/{Seg(account)}/friend-requests{new QueryString().Add("state", state).Add("limit", limit).Add("cursor", cursor)}", SdkJsonContext.Default.PageFriendRequest, cancellationToken);

    /// <summary>Every friend request of an account, page after page.</summary>
    /// <param name="account">The account.</param>
    /// <param name="state"><c>pending</c> or <c>accepted</c>; null for both.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public IAsyncEnumerable<FriendRequest> EnumerateFriendRequestsAsync(string account, string? state = null, CancellationToken cancellationToken = default) =>
        EnumerateAllAsync((c, ct) => ListFriendRequestsAsync(account, state, c, null, ct), cancellationToken);

    /// <summary>Accepts a friend request by its tickets (<c>acceptFriend</c>), as a <c>FriendAddRequestReport</c> carries them.</summary>
    /// <param name="account">The account.</param>
    /// <param name="v1">The request's v1.</param>
    /// <param name="v2">The request's v2.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> AcceptFriendRequestAsync(string account, string v1, string v2, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/friend-requests/accept", new TicketsBody(v1, v2), SdkJsonContext.Default.TicketsBody, options, cancellationToken);

    /// <summary>Accepts the stored friend request of <paramref name="requester"/>; 404 <c>unknown-friend-request</c>, 409 <c>friend-request-accepted</c>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="requester">Who asked.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> AcceptFriendRequestFromAsync(string account, string requester, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/friend-requests/{Seg(requester)}/accept", null, options, cancellationToken);
}
