namespace WeQuick.Protocol;

/// <summary>
/// The actions of the second generation's reports that answer a command, as the commands' policies name them. Kept as
/// plain strings in this one place; a registry test checks that each names a registered report.
/// </summary>
internal static class V2ReportNames
{
    public const string QrCodeMessage = "reportQrCodeMessage";
    public const string Contacts = "reportContacts";
    public const string ImContacts = "reportImContacts";
    public const string Publics = "reportPublics";
    public const string SingleContact = "reportSingleContact";
    public const string UpdateContact = "reportUpdateContact";
    public const string ChatRooms = "reportChatRooms";
    public const string ImRooms = "reportImRooms";
    public const string SingleChatRoomMembers = "reportSingleChatRoomMembers";
    public const string SingleImRoomMembers = "reportSingleImRoomMembers";
    public const string AcceptQrCodeChatRoom = "reportAcceptQrCodeChatRoom";
    public const string ZombieCheckMessage = "reportZombieCheckMessage";
    public const string DecryptPicMessage = "reportDecryptPicMessage";
    public const string Favitems = "reportFavitems";
    public const string AddFriendMessage = "reportAddFriendMessage";
    public const string SearchContact = "reportSearchContact";
    public const string SqlData = "reportSqlData";
    public const string ScanQrcodePic = "reportScanQrcodePic";
    public const string TransVoice = "reportTransVoice";
    public const string CheckUrlStatus = "reportCheckUrlStatus";
}
