using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests.Infrastructure;

/// <summary>A plausible option for every command kind, as a developer would submit it.</summary>
public static class SampleOptions
{
    public static object? For(string api) => api switch
    {
        "sendTextMessage" => new { wxid = "wxid_friend", text = "你好 \uE04C [微笑]" },
        "sendPicMessage" => new { wxid = "wxid_friend", imgPath = "C:\\pics\\a.png" },
        "sendFileMessage" => new { wxid = "wxid_friend", filePath = "https://files.example/a.pdf" },
        "sendXmlMessage" => new { wxid = "wxid_friend", title = "t", url = "https://example.org", desc = "d", pic = "https://example.org/p.png" },
        "sendCardMessage" => new { wxid = "wxid_friend", wxidCard = "wxid_other" },
        "sendChatroom" => new { wxid = "wxid_friend", chatRoom = "123@chatroom" },
        "getContact" => new { flag = "7" },
        "getUsersInfo" => new { wxidLists = new[] { "wxid_friend", "wxid_other" } },
        "delUser" => new { wxid = "wxid_other" },
        "acceptFriend" => new { v1 = "v1_x", v2 = "v2_x" },
        "updateAsName" => new { wxid = "wxid_friend", asName = "best friend" },
        "getChatRoomUsers" => new { wxid = "123@chatroom" },
        "getChatRoomUserNick" => new { chatRoom = "123@chatroom", wxid = "wxid_friend" },
        "delChatRoomUser" => new { chatRoom = "123@chatroom", wxid = "wxid_other" },
        "updateChatRoomName" => new { chatRoom = "123@chatroom", name = "new name" },
        "updateRoomAsName" => new { chatRoom = "123@chatroom", nick = "me here" },
        "createChatRoom" => new { wxidLists = new[] { "wxid_friend", "wxid_other" } },
        "exitChatRoom" => new { chatRoom = "123@chatroom" },
        "acceptChatroomInvite" => new { url = "https://support.weixin.qq.com/cgi-bin/invite" },
        "acceptBankTransfer" => new { transferId = "100005", wxid = "wxid_friend" },
        "uploadFile" => new { fileUrl = "C:\\files\\a.txt", upUrl = "https://upload.example/put" },
        "closeProcess" => new { pid = "4242" },
        "addRoomFriend" => new { chatRoom = "123@chatroom", wxid = "wxid_other", noticeWord = "hi" },
        _ => null,
    };

    // Second-generation-only kinds have no test-client answers or agent support yet (the next step of issue 17): first generation only.
    public static IEnumerable<string> AllApis => ProtocolRegistry.Commands.Where(k => k.Generations.HasFlag(InterfaceGenerations.V1)).Select(k => k.Api);
}
