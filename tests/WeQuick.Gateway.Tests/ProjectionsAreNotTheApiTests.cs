using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using WeQuick.Gateway.Http;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// The projections are storage and the API's answers are a contract: each is pinned here on its own, and the one
/// mapping between them (ApiMapping) is the only way a stored field reaches an answer. Renaming a projection field
/// therefore either fails to compile in the mapping, or changes the stored names pinned below (a migration to
/// decide on); it cannot silently rename a field of an answer, which the answers' pins would catch.
/// </summary>
public sealed class ProjectionsAreNotTheApiTests
{
    /// <summary>The stored documents' field names: changing one is a change of the store's format.</summary>
    public static TheoryData<Type, string> StoredDocuments => new()
    {
        { typeof(AccountDocument), "wxid loginState loggedIn online qrPending logoutCause instance profile firstSeenAt loggedInAt loggedOutAt interface" },
        { typeof(AccountProfileDocument), "wxid username nick headPic sex country province city uin" },
        { typeof(InstanceDocument), "id client pid account online loginState onlineAt offlineAt qrCode qrAt interface" },
        { typeof(ContactDocument), "wxid category username nick asName headPic sex country province city deletedAt zombie zombieCheckedAt" },
        { typeof(RoomDocument), "wxid nick owner headPic roomCount joinedAt category isOwner left leftAt" },
        { typeof(MemberDocument), "room wxid nick username headPic sex isOwner roomNick inviteBy left leftAt" },
        { typeof(PublicDocument), "wxid nick headPic" },
        { typeof(ConversationPointer), "conversation lastSeq" },
        { typeof(FriendRequestDocument), "wxid nick username headPic noticeWord v1 v2 state requestedAt seq" },
        { typeof(TransferDocument), "transferId conversation history feeDesc payMemo paySubtype state" },
        { typeof(TransferStepDocument), "seq at paySubtype isSelf" },
        { typeof(UploadDocument), "sendId sendResult serverCode errorReason succeeded at seq" },
        { typeof(FavoritesDocument), "items status at seq" },
        { typeof(FavoriteItemDocument), "localId fromUser roomMember title itemType updateTime xml" },
    };

    /// <summary>The answers' field names: changing one is a change of the developer API (CHANGELOG.md).</summary>
    public static TheoryData<Type, string> Answers => new()
    {
        { typeof(AccountView), "wxid loginState loggedIn online qrPending logoutCause instance profile firstSeenAt loggedInAt loggedOutAt interface counts" },
        { typeof(AccountProfile), "wxid username nick headPic sex country province city uin" },
        { typeof(AccountCounts), "contacts rooms roomMembers publicAccounts messages friendRequests transfers uploads" },
        { typeof(InstanceView), "id client pid online account lastSeenAt interface" },
        { typeof(ContactView), "wxid category username nick asName headPic sex country province city owner roomCount joinedAt deletedAt zombie zombieCheckedAt left" },
        { typeof(RoomView), "wxid nick owner headPic roomCount joinedAt category isOwner left leftAt" },
        { typeof(MemberView), "room wxid nick username headPic sex isOwner roomNick inviteBy left leftAt" },
        { typeof(MessageView), "seq kind at conversation sender isSelf isRoom msgType msgId timestamp mentions report bodyOmitted bodyBytes bodyUrl" },
        { typeof(ConversationView), "conversation isRoom lastAt lastMessage" },
        { typeof(FriendRequestView), "wxid nick username headPic noticeWord v1 v2 state requestedAt seq" },
        { typeof(TransferView), "transferId conversation history feeDesc payMemo paySubtype state" },
        { typeof(TransferStep), "seq at paySubtype isSelf" },
        { typeof(FavoriteView), "localId fromUser roomMember title type updateTime xml" },
    };

    [Theory]
    [MemberData(nameof(StoredDocuments))]
    public void A_stored_document_keeps_its_field_names(Type document, string names) =>
        Assert.Equal(names, Names(CoreJson.Documents.GetTypeInfo(document)));

    [Theory]
    [MemberData(nameof(Answers))]
    public void An_answer_keeps_its_field_names(Type answer, string names) =>
        Assert.Equal(names, Names(GatewayJson.Options.GetTypeInfo(answer)));

    [Fact]
    public void No_answer_is_a_stored_document()
    {
        var stored = StoredDocuments.Select(row => (Type)row[0]).ToHashSet();
        Assert.All(Answers.Select(row => (Type)row[0]), answer => Assert.DoesNotContain(answer, stored));
    }

    [Fact]
    public async Task A_stored_document_whose_field_was_renamed_does_not_rename_the_answers_field()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 3, wxid: "wxid_store");
        await client.LogInAsync("wxid_store");
        await client.ReportAsync(new ContactReport { Account = "wxid_store", FriendList = [new UserProfile { Wxid = "wxid_pal", Nick = "Pal", IsFriend = 1 }] });

        // What a projection writing "nickname" instead of "nick" would have stored.
        var doc = await gateway.Store.ReadDocumentAsync(Collections.Contact, "wxid_store", "wxid_pal", default);
        var renamed = doc!.Json.Replace("\"nick\":", "\"nickname\":", StringComparison.Ordinal);
        Assert.NotEqual(doc.Json, renamed);
        await gateway.Services.GetRequiredService<Storage.StoreWriter>().RunAsync(s =>
        {
            s.PutDocument(doc with { Json = renamed });
            return true;
        });

        var page = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/v1/accounts/wxid_store/contacts");
        var contact = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("wxid_pal", contact.GetProperty("wxid").GetString());
        Assert.False(contact.TryGetProperty("nickname", out _), contact.ToString());
        Assert.All(contact.EnumerateObject(), p => Assert.Contains(p.Name, ((string)Answers.Single(row => (Type)row[0] == typeof(ContactView))[1]).Split(' ')));
    }

    private static string Names(JsonTypeInfo info) => string.Join(' ', info.Properties.Select(p => p.Name));
}
