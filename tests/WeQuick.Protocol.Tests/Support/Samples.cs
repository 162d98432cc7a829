namespace WeQuick.Protocol.Tests.Support;

/// <summary>
/// One fully populated model per kind: every field set, text with Chinese, WeChat's private-use emoji
/// (U+E04C), a non-BMP emoji and characters that need escaping on the wire and in a form body.
/// </summary>
internal static class Samples
{
    /// <summary>Chinese, a WeChat emoji (private use), a tag, a non-BMP emoji, and JSON/form specials.</summary>
    public const string Text = "你好 \uE04C[微笑] 😀 \"quoted\" a&b=c+d%20 \\ 100%";

    public const string Me = "wxid_me0000000001";
    public const string Friend = "wxid_friend000002";
    public const string Room = "23415902981@chatroom";

    private static UserProfile Profile(int i) => new()
    {
        Wxid = $"wxid_user{i}",
        Username = $"user_{i}",
        Nick = $"好友{i} \uE04C😀",
        AsName = $"备注{i}",
        HeadPic = $"http://wx.qlogo.cn/mmhead/{i}/132",
        Sex = i % 3,
        Country = "CN",
        Province = "广东",
        City = "深圳",
        IsFriend = 1,
    };

    /// <summary>Keyed by the registry's action (<c>ack</c> for the generic ack).</summary>
    public static IReadOnlyDictionary<string, Report> Reports { get; } = new Dictionary<string, Report>(StringComparer.Ordinal)
    {
        ["reportLoginQrCode"] = new LoginQrCodeReport { Account = Me, Message = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==", SendId = "1001" },
        ["loginStatus"] = new LoginStatusReport { Account = Me, Code = 1 },
        ["reportLoginUser"] = new LoginUserReport
        {
            Account = Me, Wxid = Me, Username = "me_number", Nick = "我自己 \uE04C😀", AsName = "备注", HeadPic = "http://wx.qlogo.cn/me/132",
            Sex = 2, Country = "CN", Province = "广东", City = "深圳", Uin = 1234567890123, IsFriend = 1,
        },
        ["reportLogout"] = new LogoutReport { Account = Me, Code = 1 },
        ["reportContact"] = new ContactReport
        {
            Account = Me,
            FriendList = [Profile(1), Profile(2)],
            GroupList = [new RoomSummary { Wxid = Room, Nick = "群聊 \uE04C😀", Owner = Friend, RoomCount = 3, HeadPic = "http://wx.qlogo.cn/room/132", UserLists = [Me, Friend, "wxid_third"] }],
            PublicList = [new PublicAccount { Wxid = "gh_0123456789ab", Nick = "公众号 😀", HeadPic = "http://wx.qlogo.cn/gh/132" }],
        },
        ["reportUsersWxid"] = new UsersWxidReport { Account = Me, UserLists = [Friend, "gh_0123456789ab", "wxid_中文"] },
        ["reportUsersInfo"] = new UsersInfoReport { Account = Me, UserLists = [Profile(3), Profile(4)] },
        ["reportChatRoomUserLists"] = new ChatRoomUserListsReport
        {
            Account = Me, Wxid = Room, Owner = Friend, Nick = "群聊 \uE04C", HeadPic = "http://wx.qlogo.cn/room/132", RoomCount = 2,
            UserLists = [Profile(5), Profile(6)],
        },
        ["reportGetChatRoomUserNick"] = new ChatRoomUserNickReport { Account = Me, ChatRoom = Room, Wxid = Friend, ChatNick = "群昵称 \uE04C😀" },
        ["reportTextMessage"] = Message(new TextMessageReport { Message = Text, XmlMsg = "<msgsource><atuserlist>wxid_x</atuserlist></msgsource>" }, 1),
        ["reportPicMessage"] = Message(new PicMessageReport { FileIndex = @"C:\Users\me\Documents\WeChat Files\wxid_me\FileStorage\Image\2024-01\abc.dat", XmlMsg = "<msg><img md5=\"x\"/></msg>" }, 3),
        ["reportFileMessage"] = Message(new FileMessageReport { FileIndex = @"C:\Users\me\Documents\WeChat Files\报告 😀.pdf", XmlMsg = "<msg><appmsg type=\"6\"/></msg>" }, 4901),
        ["reportAddChatRoomMessage"] = Message(new AddChatRoomMessageReport { Url = "https://support.weixin.qq.com/cgi-bin/mmsupport-bin/addchatroombyinvite?ticket=A%2Bb&x=1", XmlMsg = "<msg><appmsg type=\"5\"/></msg>" }, 4902),
        ["reportMiniMessage"] = Message(new MiniMessageReport { XmlMsg = "<msg><appmsg type=\"33\"><title>小程序 😀</title></appmsg></msg>" }, 4903),
        ["reportUrlMessage"] = Message(new UrlMessageReport { Title = "标题 \uE04C", Url = "https://example.com/a?b=c&d=e", Desc = "描述 😀", Pic = "https://example.com/p.png", XmlMsg = "<msg/>" }, 4904),
        ["reportTransferMessage"] = Message(new TransferMessageReport { TransferId = "1000050001202401011234567890123", PaySubtype = 1, PayMemo = "房租 😀", FeeDesc = "￥0.01", XmlMsg = "<msg/>" }, 4905, room: null),
        ["reportCardMessage"] = Message(new CardMessageReport { XmlMsg = "<msg username=\"wxid_card\" nickname=\"名片 😀\"/>" }, 42),
        ["reportGifMessage"] = Message(new GifMessageReport { Url = "<msg><", XmlMsg = "<msg><emoji md5=\"x\"/></msg>" }, 47),
        ["reportVoiceMessage"] = Message(new VoiceMessageReport { VoiceIndex = @"C:\voice\1.silk", XmlMsg = "<msg><voicemsg/></msg>" }, 34),
        ["reportVideoMessage"] = Message(new VideoMessageReport { CoverIndex = @"C:\video\1.jpg", VideoIndex = @"C:\video\1.mp4", XmlMsg = "<msg><videomsg/></msg>" }, 43),
        ["reportChatroomMessage"] = Message(new ChatroomMessageReport { Message = "\"张三\"修改群名为“新群 😀”" }, 10000),
        ["reportSystemMessage"] = Message(new SystemMessageReport { Message = SystemMessageReport.RejectedByPeerText }, 10000, room: null),
        ["reportFriendAddRequest"] = new FriendAddRequestReport
        {
            Account = Me, Wxid = Friend, Username = "friend_no", Nick = "新朋友 \uE04C😀", HeadPic = "http://wx.qlogo.cn/f/132", Sex = 1, Country = "CN",
            Province = "北京", City = "北京", V1 = "v1_0123456789abcdef@stranger", V2 = "v2_0123456789abcdef@stranger", NoticeWord = "我是 😀", XmlMsg = "<msg fromusername=\"wxid_friend\"/>",
        },
        ["reportChatRoomChange"] = new ChatRoomChangeReport { Account = Me, Nick = "新群 😀", ChatRoom = Room },
        ["reportQrCodeMessage"] = new QrCodeMessageReport { Account = null, File = @"C:\WeQuick\qrcode 😀.png", Base64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==" },
        ["reportContacts"] = new ContactsReport { Account = Me, FriendList = [Profile(1), Profile(2) with { IsFriend = null }] },
        ["reportImContacts"] = new ImContactsReport { Account = Me, FriendList = [new UserProfile { Wxid = "1688850000000001", Nick = "企业好友 😀", AsName = "备注", HeadPic = "http://wework.qpic.cn/1" }] },
        ["reportPublics"] = new PublicsReport { Account = Me, PublicList = [new PublicAccount { Wxid = "gh_0123456789ab", Nick = "公众号 \uE04C😀", HeadPic = "http://wx.qlogo.cn/gh/132" }] },
        ["reportSingleContact"] = new SingleContactReport { Account = Me, Contact = Profile(7) },
        ["reportUpdateContact"] = new UpdateContactReport
        {
            Account = Me, Contact = Profile(8) with { IsFriend = null }, SmallPic = "http://wx.qlogo.cn/s/8", Signature = "签名 \uE04C😀", SnsPic = "http://szmmsns.qpic.cn/8",
            Scene = 14, Status = 1, V1 = "v3_0123@stranger", V2 = "v4_0123@stranger",
        },
        ["reportContactAdd"] = new ContactAddReport { Account = Me, Contact = Profile(9) with { IsFriend = null } },
        ["reportContactDel"] = new ContactDelReport { Account = Me, Wxid = Friend },
        ["reportChatRooms"] = new ChatRoomsReport
        {
            Account = Me,
            GroupList = [new RoomSummary { Wxid = Room, Nick = "群聊 \uE04C😀", IsOwner = true, Owner = Me, HeadPic = "http://wx.qlogo.cn/room/1", RoomCount = 3, UserLists = [Me, Friend, "wxid_third"] }],
        },
        ["reportImRooms"] = new ImRoomsReport
        {
            Account = Me,
            GroupList = [new RoomSummary { Wxid = "10696052000000@im.chatroom", Nick = "企业群 😀", IsOwner = false, Owner = Friend, HeadPic = "http://wework.qpic.cn/r", RoomCount = 2, UserLists = [Me, Friend] }],
        },
        ["reportSingleChatRoomMembers"] = new SingleChatRoomMembersReport
        {
            Account = Me, Wxid = Room, RoomCount = 2, UserLists = [Profile(10) with { DisplayName = "群昵称 😀", IsFriend = null }, Profile(11) with { IsFriend = null }],
        },
        ["reportSingleImRoomMembers"] = new SingleImRoomMembersReport
        {
            Account = Me, Wxid = "10696052000000@im.chatroom", Owner = Friend, Nick = "企业群 😀", HeadPic = "http://wework.qpic.cn/r", RoomCount = 1,
            UserLists = [new UserProfile { Wxid = Friend, Nick = "同事 😀", HeadPic = "http://wework.qpic.cn/u", Sex = 2, Country = "CN", Province = "广东", City = "深圳" }],
        },
        ["reportAcceptQrCodeChatRoom"] = new AcceptQrCodeChatRoomReport { Account = Me, Url = "https://weixin.qq.com/g/AbC?x=1&y=2", Status = 1 },
        ["reportChatRoomMemberAdd"] = new ChatRoomMemberAddReport
        {
            Account = Me, Wxid = Room, Nick = "群聊 😀", HeadPic = "http://wx.qlogo.cn/room/1", IsOwner = false, Owner = Friend, RoomCount = 4,
            UserLists = [new UserProfile { Wxid = "wxid_new", Nick = "新人 \uE04C", InviteBy = Friend }],
        },
        ["reportChatRoomMemberDel"] = new ChatRoomMemberDelReport
        {
            Account = Me, Wxid = Room, Nick = "群聊 😀", HeadPic = "http://wx.qlogo.cn/room/1", IsOwner = true, Owner = Me, RoomCount = 2,
            UserLists = [new UserProfile { Wxid = "wxid_gone", Nick = "走了 😀" }],
        },
        ["reportNewChatRoom"] = new NewChatRoomReport
        {
            Account = Me, Wxid = Room, Nick = "新群 😀", HeadPic = "http://wx.qlogo.cn/room/1", IsOwner = false, Owner = Friend, RoomCount = 2,
            UserLists = [new UserProfile { Wxid = Me, Nick = "我" }, new UserProfile { Wxid = Friend, Nick = "群主 😀" }],
        },
        ["reportChatRoomQuit"] = new ChatRoomQuitReport { Account = Me, RoomWxid = Room },
        ["reportLocationMessage"] = V2Message(new LocationMessageReport { XmlMsg = "<msg><location x=\"22.5\" y=\"114.0\" label=\"深圳 😀\"/></msg>" }, 48),
        ["reportLinkMessage"] = V2Message(new LinkMessageReport { XmlMsg = "<msg><appmsg type=\"5\"><url>https://example.com/?a=1&amp;b=2</url></appmsg></msg>" }, 49),
        ["reportZombieCheckMessage"] = new ZombieCheckMessageReport { Account = Me, Wxid = Friend, Status = 2 },
        ["reportDecryptPicMessage"] = new DecryptPicMessageReport { Account = Me, SrcFile = @"C:\WeChat Files\Image\a.dat", TarFile = @"C:\out\图片 😀.jpg", Status = 1 },
        ["reportQrCodeWcPay"] = new QrCodeWcPayReport { Account = Me, Wxid = Friend, Nick = "付款人 😀", Fee = 1234, FeeType = "1", OrderNo = "10000500012024010112345", Timestamp = 1704067200 },
        ["reportFavitems"] = new FavitemsReport
        {
            Account = Me, Status = 1,
            Items = [new FavItem { FromUser = Friend, LocalId = "12", RoomMember = "wxid_member", Title = "收藏 \uE04C😀", ItemType = "5", UpdateTime = "1704067200", Xml = "<favitem type=\"5\"/>" }],
        },
        ["reportOtherMessage"] = V2Message(new OtherMessageReport { Message = "其他 \uE04C😀" }, 50),
        ["reportOtherAppMessage"] = V2Message(new OtherAppMessageReport { Message = "<msg><appmsg type=\"2000\"/></msg>" }, 49),
        ["reportAddFriendMessage"] = new AddFriendMessageReport { Account = Me, Wxid = Friend, Status = -3 },
        ["reportSearchContact"] = new SearchContactReport
        {
            Account = Me, Contact = Profile(12) with { AsName = null, IsFriend = 0 }, SmallPic = "http://wx.qlogo.cn/s/12", Search = "13800000000", Signature = "签名 😀",
            Status = 1, V1 = "v3_search@stranger", V2 = "v4_search@stranger",
        },
        ["reportSqlData"] = new SqlDataReport { Account = Me, Result = "[[\"wxid_a\",\"昵称 😀\"]]", Extend = "search_test" },
        ["reportScanQrcodePic"] = new ScanQrcodePicReport { Account = Me, Pic = @"C:\qr\1.png", Content = "https://u.wechat.com/AbC?x=1&y=2", CodeType = "QR_CODE", Status = 1 },
        ["reportTalkerChange"] = new TalkerChangeReport
        {
            Account = Me, TalkerType = 2, Status = 1,
            User = new RoomSummary { Wxid = Room, Nick = "群聊 😀", HeadPic = "http://wx.qlogo.cn/room/1", IsOwner = false, Owner = Friend, RoomCount = 3 },
        },
        ["reportTransVoice"] = new TransVoiceReport { Account = Me, MsgType = 34, MsgId = "2970283551233214898", RoomWxid = Room, WxidFrom = Friend, WxidTo = Room, Text = "语音转文字 \uE04C😀", Status = 1 },
        ["reportCheckUrlStatus"] = new CheckUrlStatusReport { Account = Me, Url = "https://example.com/a?b=1&c=2", RealUrl = "https://example.com/real", Status = -1 },
        ["resUploadFile"] = new UploadFileResultReport { Account = Me, SendId = "8859663", SendResult = "200", ErrorReason = "上传失败 😀" },
        ["resLogout"] = new LogoutResultReport { Account = Me, SendId = "77", SendResult = "1", ErrorReason = "none \uE04C" },
        ["ack"] = new CommandAck { Account = Me, WireAction = "", SendId = "150588", SendResult = "0", ErrorReason = "对方不是好友 😀" },
    };

    private static T Message<T>(T m, int msgType, string? room = Room)
        where T : MessageReport => m with
    {
        Account = Me,
        MsgType = msgType,
        MyMsg = false,
        RoomWxid = room,
        WxidFrom = Friend,
        WxidTo = room ?? Me,
        Nick = "群友 \uE04C😀",
    };

    /// <summary>A second-generation message: flat, with a message id, the PC flag and a timestamp, in a room.</summary>
    private static T V2Message<T>(T m, int msgType)
        where T : MessageReport => m with
    {
        Account = Me,
        MsgType = msgType,
        MyMsg = true,
        IsPc = true,
        MsgId = "2970283551233214898",
        RoomWxid = Room,
        WxidFrom = Me,
        WxidTo = Room,
        Timestamp = 1597736976,
    };

    /// <summary>Keyed by the registry's api.</summary>
    public static IReadOnlyDictionary<string, Command> Commands { get; } = new Dictionary<string, Command>(StringComparer.Ordinal)
    {
        ["openWeChat"] = new OpenWeChatCommand { SendId = "1" },
        ["getLoginQrCode"] = new GetLoginQrCodeCommand { SendId = "2" },
        ["getLoginStatus"] = new GetLoginStatusCommand { SendId = "3" },
        ["logout"] = new LogoutCommand { SendId = "4" },
        ["sendTextMessage"] = new SendTextMessageCommand { SendId = "5", Wxid = Friend, Text = Text },
        ["sendPicMessage"] = new SendPicMessageCommand { SendId = "6", Wxid = Room, ImgPath = "https://example.com/图片 😀.png" },
        ["sendFileMessage"] = new SendFileMessageCommand { SendId = "7", Wxid = Room, FilePath = @"C:\files\报告 \uE04C.pdf" },
        ["sendXmlMessage"] = new SendXmlMessageCommand { SendId = "8", Wxid = Friend, Title = "标题 😀", Url = "https://example.com/?a=1&b=2", Desc = "描述 \uE04C", Pic = "https://example.com/p.png" },
        ["sendCardMessage"] = new SendCardMessageCommand { SendId = "9", Wxid = Friend, WxidCard = "wxid_card" },
        ["sendChatroom"] = new SendChatroomCommand { SendId = "10", Wxid = Friend, ChatRoom = Room },
        ["getContact"] = new GetContactCommand { SendId = "11", Flag = 7 },
        ["getUsersWxid"] = new GetUsersWxidCommand { SendId = "12" },
        ["getUsersInfo"] = new GetUsersInfoCommand { SendId = "13", WxidLists = [Friend, "wxid_中文", "gh_0123456789ab"] },
        ["delUser"] = new DelUserCommand { SendId = "14", Wxid = Friend },
        ["acceptFriend"] = new AcceptFriendCommand { SendId = "15", V1 = "v1_abc@stranger", V2 = "v2_def@stranger" },
        ["updateAsName"] = new UpdateAsNameCommand { SendId = "16", Wxid = Friend, AsName = "备注 😀" },
        ["getChatRoomUsers"] = new GetChatRoomUsersCommand { SendId = "17", Wxid = Room },
        ["getChatRoomUserNick"] = new GetChatRoomUserNickCommand { SendId = "18", ChatRoom = Room, Wxid = Friend },
        ["delChatRoomUser"] = new DelChatRoomUserCommand { SendId = "19", ChatRoom = Room, Wxid = Friend },
        ["updateChatRoomName"] = new UpdateChatRoomNameCommand { SendId = "20", ChatRoom = Room, Name = "新群名 \uE04C😀" },
        ["updateRoomAsName"] = new UpdateRoomAsNameCommand { SendId = "21", ChatRoom = Room, Nick = "我的群昵称 😀" },
        ["createChatRoom"] = new CreateChatRoomCommand { SendId = "22", WxidLists = [Friend, "wxid_third"] },
        ["exitChatRoom"] = new ExitChatRoomCommand { SendId = "23", ChatRoom = Room },
        ["acceptChatroomInvite"] = new AcceptChatroomInviteCommand { SendId = "24", Url = "https://support.weixin.qq.com/invite?ticket=A%2Bb" },
        ["acceptBankTransfer"] = new AcceptBankTransferCommand { SendId = "25", TransferId = "1000050001202401011234567890123", Wxid = Friend },
        ["uploadFile"] = new UploadFileCommand { SendId = "26", FileUrl = @"C:\files\a.dat", UpUrl = "https://example.com/upload?token=a&b=c" },
        ["closeProcess"] = new CloseProcessCommand { SendId = "27", Pid = 4321 },
        ["addRoomFriend"] = new AddRoomFriendCommand { SendId = "28", ChatRoom = Room, Wxid = Friend, NoticeWord = "你好，我是群里的 😀" },
        ["getLoginUser"] = new GetLoginUserCommand { SendId = "29" },
        ["getContacts"] = new GetContactsCommand { SendId = "30" },
        ["getImContacts"] = new GetImContactsCommand { SendId = "31" },
        ["getPublics"] = new GetPublicsCommand { SendId = "32" },
        ["getSingleContact"] = new GetSingleContactCommand { SendId = "33", Wxid = Friend },
        ["updateContact"] = new UpdateContactCommand { SendId = "34", Wxid = Friend },
        ["addFriend"] = new AddFriendCommand { SendId = "35", Wxid = Friend, Remark = "Remark addFriend \uE04C😀", Scene = 15, RoomWxid = Room },
        ["delFriend"] = new DelFriendCommand { SendId = "36", Wxid = Friend },
        ["updateRemark"] = new UpdateRemarkCommand { SendId = "37", Wxid = Friend, Remark = "Remark updateRemark \uE04C😀" },
        ["refuseFriendWcpay"] = new RefuseFriendWcpayCommand { SendId = "38", TransferId = "TransferId refuseFriendWcpay \uE04C😀" },
        ["autoAcceptFriend"] = new AutoAcceptFriendCommand { SendId = "39", Auto = true },
        ["autoAcceptWcpay"] = new AutoAcceptWcpayCommand { SendId = "40", Auto = false },
        ["autoAcceptCard"] = new AutoAcceptCardCommand { SendId = "41", Auto = true },
        ["acceptOnewayFriend"] = new AcceptOnewayFriendCommand { SendId = "42", Wxid = Friend },
        ["searchContact"] = new SearchContactCommand { SendId = "43", Search = "Search searchContact \uE04C😀" },
        ["addSearchContact"] = new AddSearchContactCommand { SendId = "44", V1 = "V1 addSearchContact \uE04C😀", V2 = "V2 addSearchContact \uE04C😀", Remark = "Remark addSearchContact \uE04C😀", Scene = 15 },
        ["getChatRooms"] = new GetChatRoomsCommand { SendId = "45" },
        ["getImRooms"] = new GetImRoomsCommand { SendId = "46" },
        ["getSingleChatRoomMembers"] = new GetSingleChatRoomMembersCommand { SendId = "47", RoomWxid = Room },
        ["getSingleImRoomMembers"] = new GetSingleImRoomMembersCommand { SendId = "48", RoomWxid = Room },
        ["updateChatRoom"] = new UpdateChatRoomCommand { SendId = "49", RoomWxid = Room },
        ["sendChatroomLow"] = new SendChatroomLowCommand { SendId = "50", RoomWxid = Room, WxidList = [Friend, "wxid_中文", "wxid_third"] },
        ["sendChatroomHigh"] = new SendChatroomHighCommand { SendId = "51", RoomWxid = Room, WxidList = [Friend, "wxid_中文", "wxid_third"] },
        ["delChatRoomMembers"] = new DelChatRoomMembersCommand { SendId = "52", RoomWxid = Room, WxidList = [Friend, "wxid_中文", "wxid_third"] },
        ["sendChatRoomNotice"] = new SendChatRoomNoticeCommand { SendId = "53", RoomWxid = Room, Notice = "Notice sendChatRoomNotice \uE04C😀" },
        ["updateChatRoomDisplayName"] = new UpdateChatRoomDisplayNameCommand { SendId = "54", RoomWxid = Room, Nick = "Nick updateChatRoomDisplayName \uE04C😀" },
        ["showDisplayName"] = new ShowDisplayNameCommand { SendId = "55", RoomWxid = Room, Code = true },
        ["quitDelChatRoom"] = new QuitDelChatRoomCommand { SendId = "56", RoomWxid = Room },
        ["autoAcceptChatRoom"] = new AutoAcceptChatRoomCommand { SendId = "57", Auto = true },
        ["acceptQrcodeChatRoom"] = new AcceptQrcodeChatRoomCommand { SendId = "58", Url = "https://example.com/acceptQrcodeChatRoom?a=1&b=2" },
        ["saveRoomToContact"] = new SaveRoomToContactCommand { SendId = "59", RoomWxid = Room, Code = true },
        ["transAnyMessage"] = new TransAnyMessageCommand { SendId = "60", Wxid = Friend, MsgId = "MsgId transAnyMessage \uE04C😀" },
        ["sendAtTextMessage"] = new SendAtTextMessageCommand { SendId = "61", Wxid = Room, Text = Text, AtList = [Friend, "wxid_中文", "wxid_third"] },
        ["sendVideoMessage"] = new SendVideoMessageCommand { SendId = "62", Wxid = Friend, VideoPath = "VideoPath sendVideoMessage \uE04C😀" },
        ["sendGifMessage"] = new SendGifMessageCommand { SendId = "63", Wxid = Friend, GifPath = "GifPath sendGifMessage \uE04C😀" },
        ["sendLinkMessage"] = new SendLinkMessageCommand { SendId = "64", Wxid = Friend, Title = "Title sendLinkMessage \uE04C😀", Url = "https://example.com/sendLinkMessage?a=1&b=2", Desc = "Desc sendLinkMessage \uE04C😀", Pic = "https://example.com/sendLinkMessage?a=1&b=2" },
        ["sendMiniMessage"] = new SendMiniMessageCommand { SendId = "65", Wxid = Friend, MsgId = "MsgId sendMiniMessage \uE04C😀" },
        ["sendFavorite"] = new SendFavoriteCommand { SendId = "66", Wxid = Friend, LocalId = "LocalId sendFavorite \uE04C😀" },
        ["sendCardXmlMessage"] = new SendCardXmlMessageCommand { SendId = "67", Wxid = Friend, Xml = "Xml sendCardXmlMessage \uE04C😀" },
        ["addPublic"] = new AddPublicCommand { SendId = "68", Wxid = Friend, Scene = 15 },
        ["getFavorites"] = new GetFavoritesCommand { SendId = "69" },
        ["addFavoriteFrom"] = new AddFavoriteFromCommand { SendId = "70", Wxid = Friend, MsgId = "MsgId addFavoriteFrom \uE04C😀" },
        ["transVoice"] = new TransVoiceCommand { SendId = "71", Wxid = Friend, MsgId = "MsgId transVoice \uE04C😀" },
        ["zombieCheck"] = new ZombieCheckCommand { SendId = "72", Wxid = Friend },
        ["decryptPic"] = new DecryptPicCommand { SendId = "73", SrcFile = "SrcFile decryptPic \uE04C😀", TarFile = "TarFile decryptPic \uE04C😀" },
        ["unreadMsgCountChange"] = new UnreadMsgCountChangeCommand { SendId = "74" },
        ["clearChatHistory"] = new ClearChatHistoryCommand { SendId = "75" },
        ["scanQrcodePic"] = new ScanQrcodePicCommand { SendId = "76", Pic = "https://example.com/scanQrcodePic?a=1&b=2" },
        ["modRecvNotify"] = new ModRecvNotifyCommand { SendId = "77", Wxid = Friend, Code = true },
        ["chatSessionTop"] = new ChatSessionTopCommand { SendId = "78", Wxid = Friend, Code = false },
        ["openBrowser"] = new OpenBrowserCommand { SendId = "79", Url = "https://example.com/openBrowser?a=1&b=2" },
        ["disableRevoke"] = new DisableRevokeCommand { SendId = "80", Code = false },
        ["checkUrlStatus"] = new CheckUrlStatusCommand { SendId = "81", Url = "https://example.com/checkUrlStatus?a=1&b=2" },
        ["getSqlData"] = new GetSqlDataCommand { SendId = "82", Sql = "Sql getSqlData \uE04C😀", Db = 7, Extend = "Extend getSqlData \uE04C😀" },
        ["downloadFile"] = new DownloadFileCommand { SendId = "83", Account = Me, Url = "https://example.com/downloadFile?a=1&b=2" },
    };
}
