using Microsoft.Extensions.Logging;
using WeQuick.Sdk;

namespace WeQuick.Samples.WelcomeBot;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The friend request of {Requester} was not accepted: {State} {Reason}")]
    public static partial void LogFriendRequestNotAccepted(this ILogger logger, string? requester, CommandState state, string? reason);
}
