using System.Text;
using WeQuick.Protocol;

namespace WeQuick.Benchmarks;

/// <summary>Report bodies as a real client posts them, built once per run with the library's own encoder.</summary>
internal static class Bodies
{
    /// <summary>A room text message in Chinese with a WeChat emoji, wrapped in <c>{"data": …}</c> (about 350 bytes).</summary>
    public static byte[] TextMessage()
    {
        var report = new TextMessageReport
        {
            Account = "wxid_qg0saisth0r222",
            MsgType = 1,
            MyMsg = false,
            RoomWxid = "23415902981@chatroom",
            WxidFrom = "wxid_a1b2c3d4e5f6g7",
            WxidTo = "23415902981@chatroom",
            Nick = "张三丰",
            Message = "大家好，今天下午三点在三楼会议室开会，请准时参加。会议内容：季度总结和下季度计划，记得带电脑。\uE04C[微笑]",
        };
        return ReportEncoder.Encode(report, ReportQuirks.RealClient);
    }

    /// <summary>A <c>reportContact</c> with 200 friends.</summary>
    public static byte[] Contacts200()
    {
        var friends = Enumerable.Range(0, 200).Select(i => new UserProfile
        {
            Wxid = $"wxid_friend{i:D6}x",
            Username = $"user_{i}",
            Nick = $"好友{i}号",
            AsName = i % 3 == 0 ? $"备注{i}" : null,
            HeadPic = $"http://wx.qlogo.cn/mmhead/ver_1/{i:D8}abcdefabcdefabcdef/132",
            Sex = i % 3,
            Country = "CN",
            Province = "Guangdong",
            City = "Shenzhen",
            IsFriend = 1,
        }).ToList();
        return ReportEncoder.Encode(new ContactReport { Account = "wxid_qg0saisth0r222", FriendList = friends }, ReportQuirks.RealClient);
    }

    public static string Describe(byte[] body) => $"{body.Length} bytes: {Encoding.UTF8.GetString(body)}";
}
