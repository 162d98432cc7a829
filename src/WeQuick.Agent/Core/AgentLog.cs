using Microsoft.Extensions.Logging;
using WeQuick.Agent.Simulation;
using WeQuick.Protocol;

namespace WeQuick.Agent;

/// <summary>
/// Every log line the agent writes, with its event id. The agent owns ids 2000–2099 (the gateway 1–999, the
/// SDK 3000–3099, the CLI 4000–4099); ids are never reused for another message, so keep them in this one class.
/// </summary>
internal static partial class AgentLog
{
    // ---- the agent and its instances: 2000–2009 ----------------------------------------------------

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "instance {Pid} started")]
    public static partial void InstanceStarted(this ILogger logger, int pid);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "instance {Pid} closed")]
    public static partial void InstanceClosed(this ILogger logger, int pid);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "instance {Pid} started while the agent is stopping; it is not polled")]
    public static partial void InstanceStartedWhileStopping(this ILogger logger, int pid);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "instance {Pid} was reported started twice; keeping the first")]
    public static partial void InstanceStartedTwice(this ILogger logger, int pid);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "discarding {Action} for account {Account}: instance {Pid} is not running")]
    public static partial void ReportForUnknownInstance(this ILogger logger, string action, string? account, int pid);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "instance {Pid}: a loop failed")]
    public static partial void InstanceLoopFailed(this ILogger logger, Exception exception, int pid);

    // ---- polls and the two command channels: 2010–2019 ----------------------------------------------

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "instance {Pid}: poll answered HTTP {Status}")]
    public static partial void PollRefused(this ILogger logger, int pid, int status);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "instance {Pid}: poll timed out after {Timeout}")]
    public static partial void PollTimedOut(this ILogger logger, int pid, TimeSpan timeout);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "instance {Pid}: poll failed: {Error}")]
    public static partial void PollFailed(this ILogger logger, int pid, string error);

    // The first odd answer of an instance is a warning, the ones after it debug lines (a server that always
    // answers so would flood the log): one message, two ids.
    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "instance {Pid}: the {Channel} answer is not a command array, ignored: {Error}")]
    public static partial void OddAnswer(this ILogger logger, int pid, string channel, DecodeError? error);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Debug, Message = "instance {Pid}: the {Channel} answer is not a command array, ignored: {Error}")]
    public static partial void OddAnswerAgain(this ILogger logger, int pid, string channel, DecodeError? error);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Debug, Message = "instance {Pid}: {Channel} entry {Index} skipped: {Reason}")]
    public static partial void EntrySkipped(this ILogger logger, int pid, string channel, int index, string reason);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Warning, Message = "instance {Pid} is closing; {Api} (sendId {SendId}) from the {Channel} answer is not run")]
    public static partial void CommandRefusedWhileClosing(this ILogger logger, int pid, string api, string? sendId, string channel);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning, Message = "instance {Pid} is closing; {Api} (sendId {SendId}) is not run")]
    public static partial void CommandNotRunWhileClosing(this ILogger logger, int pid, string api, string? sendId);

    // ---- commands: 2020–2029 -------------------------------------------------------------------------

    [LoggerMessage(EventId = 2020, Level = LogLevel.Error, Message = "instance {Pid}: {Api} (sendId {SendId}) failed in the backend")]
    public static partial void BackendFailed(this ILogger logger, Exception exception, int pid, string api, string? sendId);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "instance {Pid}: {Api} (sendId {SendId}) failed: {Reason}")]
    public static partial void CommandFailed(this ILogger logger, int pid, string api, string? sendId, string? reason);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "instance {Pid}: unknown api '{Api}' (sendId {SendId}) skipped")]
    public static partial void UnknownApi(this ILogger logger, int pid, string api, string? sendId);

    // ---- reports: 2030–2049 --------------------------------------------------------------------------

    [LoggerMessage(EventId = 2030, Level = LogLevel.Warning, Message = "instance {Pid}: report queue full ({Capacity}); discarded the oldest report, {Action} for {Account}")]
    public static partial void QueueFull(this ILogger logger, int pid, int capacity, string action, string? account);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Warning, Message = "instance {Pid} has stopped; discarded {Action} for {Account}")]
    public static partial void ReportAfterStop(this ILogger logger, int pid, string action, string? account);

    [LoggerMessage(EventId = 2032, Level = LogLevel.Information, Message = "instance {Pid}: {Action} not delivered ({Reason}); retry {Attempt} in {Delay} ms")]
    public static partial void ReportRetry(this ILogger logger, int pid, string action, string reason, int attempt, double delay);

    [LoggerMessage(EventId = 2033, Level = LogLevel.Warning, Message = "instance {Pid}: the server refused {Action} for {Account} with HTTP {Status}; discarded, a retry would not help")]
    public static partial void ReportRefused(this ILogger logger, int pid, string action, string? account, int status);

    [LoggerMessage(EventId = 2034, Level = LogLevel.Error, Message = "instance {Pid}: discarded {Action} for {Account} after {Attempts} attempts; last error: {Reason}")]
    public static partial void ReportGivenUp(this ILogger logger, int pid, string action, string? account, int attempts, string reason);

    [LoggerMessage(EventId = 2035, Level = LogLevel.Warning, Message = "instance {Pid}: shutting down; discarded {Action} for {Account} mid-send")]
    public static partial void ReportDiscardedMidSend(this ILogger logger, int pid, string action, string? account);

    [LoggerMessage(EventId = 2036, Level = LogLevel.Warning, Message = "instance {Pid}: shutting down; discarded {Action} for {Account} while waiting to retry")]
    public static partial void ReportDiscardedBeforeRetry(this ILogger logger, int pid, string action, string? account);

    [LoggerMessage(EventId = 2037, Level = LogLevel.Warning, Message = "instance {Pid}: shutting down; discarded unsent {Action} for {Account}")]
    public static partial void ReportDiscardedUnsent(this ILogger logger, int pid, string action, string? account);

    [LoggerMessage(EventId = 2038, Level = LogLevel.Warning, Message = "instance {Pid}: {Count} reports were still queued when the drain timeout ended")]
    public static partial void DrainLeftReports(this ILogger logger, int pid, int count);

    // ---- the simulated world: 2080–2099 --------------------------------------------------------------

    [LoggerMessage(EventId = 2080, Level = LogLevel.Information, Message = "scenario step {Index} ({Action}): {What}")]
    public static partial void ScenarioStepDone(this ILogger logger, int index, string action, string what);

    [LoggerMessage(EventId = 2081, Level = LogLevel.Error, Message = "scenario step {Index} ({Action}) failed: {Reason}")]
    public static partial void ScenarioStepFailed(this ILogger logger, int index, string action, string reason);

    [LoggerMessage(EventId = 2082, Level = LogLevel.Debug, Message = "load event {Event} for {Account} skipped: {Reason}")]
    public static partial void LoadEventSkipped(this ILogger logger, LoadEvent @event, string account, string reason);
}
