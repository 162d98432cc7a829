using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using WeQuick.Protocol;

namespace WeQuick.Agent;

/// <summary>
/// One WeChat instance (pid) as the core runs it: a poll loop, an ordered bounded report queue with its
/// sender, and a command executor loop. Closing stops polling and executing, then sends what is queued.
/// </summary>
internal sealed class InstanceRunner : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = MediaTypeHeaderValue.Parse(ReportEncoder.ContentType(BodyEncoding.Json));
    private readonly WeQuickAgent _agent;
    private readonly ILogger _log;
    private readonly Channel<Report> _reports;
    private readonly Channel<Command> _commands = Channel.CreateUnbounded<Command>();
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _drain;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lifecycle = new();
    private readonly Uri _reportUrl;
    private readonly Uri _pollUrl;
    private bool _closed;
    private int _oddAnswers;
    private bool _loginStatusSent;

    public InstanceRunner(WeQuickAgent agent, int pid, ILogger log)
    {
        _agent = agent;
        _log = log;
        Pid = pid;
        _reportUrl = agent.Options.ReportUrl;
        _pollUrl = agent.Options.WithTake(agent.Options.SendUrl);
        _drain = new CancellationTokenSource(Timeout.InfiniteTimeSpan, agent.Time);
        _reports = Channel.CreateBounded<Report>(
            new BoundedChannelOptions(agent.Options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                _agent.Counters.ReportDropped();
                _log.QueueFull(Pid, _agent.Options.QueueCapacity, dropped.Action, dropped.Account);
            });
    }

    public int Pid { get; }

    public Task Completion => _completion.Task;

    private AgentOptions Options => _agent.Options;

    public void Start()
    {
        var poll = Task.Run(PollLoopAsync);
        var exec = Task.Run(ExecuteLoopAsync);
        var send = Task.Run(SendLoopAsync);
        _ = Task.WhenAll(poll, exec, send).ContinueWith(
            t =>
            {
                if (t.Exception is { } ex)
                {
                    _log.InstanceLoopFailed(ex, Pid);
                }

                lock (_lifecycle)
                {
                    Dispose();
                }

                _completion.TrySetResult();
            },
            TaskScheduler.Default);
    }

    /// <summary>Stops polling and executing; queued reports are still sent for up to the drain timeout.</summary>
    public void BeginClose()
    {
        // Cancelling runs the loops' continuations, which can finish the instance (and dispose its token
        // sources) on another thread: the lifecycle lock keeps that until this method is done.
        lock (_lifecycle)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _drain.CancelAfter(Options.DrainTimeout);
            _closing.Cancel();
            _commands.Writer.TryComplete();
        }
    }

    public void Enqueue(Report report)
    {
        _agent.Counters.ReportQueued();
        if (!_reports.Writer.TryWrite(report))
        {
            _agent.Counters.ReportDropped();
            _log.ReportAfterStop(Pid, report.Action, report.Account);
        }
    }

    /// <summary>Takes a command array from either channel: queues the commands, logs what was skipped.</summary>
    private int Accept(byte[] body, string channel)
    {
        var batch = CommandDecoder.DecodeBatch(body);
        if (!batch.IsSuccess)
        {
            // Said once as a warning; a server that always answers so would flood the log.
            if (Interlocked.Increment(ref _oddAnswers) == 1)
            {
                _log.OddAnswer(Pid, channel, batch.Error);
            }
            else
            {
                _log.OddAnswerAgain(Pid, channel, batch.Error);
            }
            return 0;
        }

        if (batch.Skipped.Count > 0)
        {
            _agent.Counters.EntriesSkipped(batch.Skipped.Count);
            foreach (var s in batch.Skipped)
            {
                _log.EntrySkipped(Pid, channel, s.Index, s.Reason);
            }
        }

        foreach (var command in batch.Commands)
        {
            if (!_commands.Writer.TryWrite(command))
            {
                _log.CommandRefusedWhileClosing(Pid, command.Kind, command.SendId, channel);
            }
        }

        return batch.Commands.Count;
    }

    private Uri PollUrl(string wxid)
    {
        var baseUrl = _pollUrl.AbsoluteUri;
        var sep = _pollUrl.Query.Length > 0 ? '&' : '?';
        return new Uri($"{baseUrl}{sep}wxid={Uri.EscapeDataString(wxid)}&pid={Pid}");
    }

    private async Task PollLoopAsync()
    {
        var closing = _closing.Token;
        var time = _agent.Time;
        var failures = 0;
        while (!closing.IsCancellationRequested)
        {
            var wxid = _agent.Backend.Process.AccountOf(Pid) ?? string.Empty;
            var started = time.GetTimestamp();
            var ok = false;
            var gotCommands = false;
            try
            {
                using var timeout = new CancellationTokenSource(Options.PollTimeout, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(closing, timeout.Token);
                using var response = await _agent.Http.GetAsync(PollUrl(wxid), HttpCompletionOption.ResponseContentRead, linked.Token);
                var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
                if (response.IsSuccessStatusCode)
                {
                    ok = true;
                    gotCommands = Accept(body, "poll") > 0;
                }
                else
                {
                    _log.PollRefused(Pid, (int)response.StatusCode);
                }
            }
            catch (OperationCanceledException) when (closing.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException)
            {
                _log.PollTimedOut(Pid, Options.PollTimeout);
            }
            catch (HttpRequestException ex)
            {
                _log.PollFailed(Pid, Describe(ex));
            }

            var elapsed = time.GetElapsedTime(started);
            _agent.Counters.PollDone(elapsed, ok);
            TimeSpan delay;
            if (ok)
            {
                failures = 0;
                // A held (long-poll) request or a non-empty answer is followed at once.
                var held = elapsed >= (Options.LongPollThreshold < Options.PollInterval ? Options.LongPollThreshold : Options.PollInterval);
                delay = gotCommands || held ? TimeSpan.Zero : Options.PollInterval - elapsed;
            }
            else
            {
                delay = Options.Backoff(++failures);
            }

            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, time, closing);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task ExecuteLoopAsync()
    {
        try
        {
            await foreach (var command in _commands.Reader.ReadAllAsync())
            {
                if (_closing.IsCancellationRequested)
                {
                    _log.CommandNotRunWhileClosing(Pid, command.Kind, command.SendId);
                    continue;
                }

                await _agent.Commands.ExecuteAsync(this, command);
            }
        }
        finally
        {
            _reports.Writer.TryComplete();
        }
    }

    private async Task SendLoopAsync()
    {
        var drain = _drain.Token;
        try
        {
            while (await _reports.Reader.WaitToReadAsync(drain))
            {
                while (_reports.Reader.TryRead(out var report))
                {
                    await SendAsync(report, drain);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        var left = 0;
        while (_reports.Reader.TryRead(out var report))
        {
            left++;
            _agent.Counters.ReportFailed();
            _log.ReportDiscardedUnsent(Pid, report.Action, report.Account);
        }

        if (left > 0)
        {
            _log.DrainLeftReports(Pid, left);
        }
    }

    private async Task SendAsync(Report report, CancellationToken drain)
    {
        if (Options.Quirks == ReportQuirks.RealClient && report is LoginStatusReport && !_loginStatusSent)
        {
            // Real clients send their first loginStatus before they know the account: cwxid null.
            _loginStatusSent = true;
            report = report with { Account = null };
        }

        var generation = (_agent.Backend as IInstanceInterfaces)?.InterfaceOf(Pid) ?? Options.Interface;
        var body = ReportEncoder.Encode(report, Options.Quirks, BodyEncoding.Json, generation);
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            try
            {
                using var timeout = new CancellationTokenSource(Options.RequestTimeout, _agent.Time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(drain, timeout.Token);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = JsonType;
                using var response = await _agent.Http.PostAsync(_reportUrl, content, linked.Token);
                var answer = await response.Content.ReadAsByteArrayAsync(linked.Token);
                var status = (int)response.StatusCode;
                _agent.Counters.ReportAttempt(status);
                if (response.IsSuccessStatusCode)
                {
                    _agent.Counters.ReportDelivered();
                    _agent.OnDelivered(Pid, report);
                    Accept(answer, "event response");
                    return;
                }

                if (!Retryable(response.StatusCode))
                {
                    _agent.Counters.ReportFailed();
                    _log.ReportRefused(Pid, report.Action, report.Account, status);
                    return;
                }

                reason = $"HTTP {status}";
            }
            catch (OperationCanceledException) when (drain.IsCancellationRequested)
            {
                _agent.Counters.ReportFailed();
                _log.ReportDiscardedMidSend(Pid, report.Action, report.Account);
                return;
            }
            catch (OperationCanceledException)
            {
                _agent.Counters.ReportAttempt(null);
                reason = $"no answer within {Options.RequestTimeout.TotalSeconds:0.##} s";
            }
            catch (HttpRequestException ex)
            {
                _agent.Counters.ReportAttempt(null);
                reason = Describe(ex);
            }

            if (attempt >= Options.MaxAttempts)
            {
                _agent.Counters.ReportFailed();
                _log.ReportGivenUp(Pid, report.Action, report.Account, attempt, reason);
                return;
            }

            var delay = Options.Backoff(attempt);
            _log.ReportRetry(Pid, report.Action, reason, attempt, delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _agent.Time, drain);
            }
            catch (OperationCanceledException)
            {
                _agent.Counters.ReportFailed();
                _log.ReportDiscardedBeforeRetry(Pid, report.Action, report.Account);
                return;
            }
        }
    }

    public void Dispose()
    {
        _closing.Dispose();
        _drain.Dispose();
    }

    internal static string Describe(HttpRequestException ex) =>
        ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;

    private static bool Retryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
