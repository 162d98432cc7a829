using QRCoder;
using WeQuick.Protocol;

namespace WeQuick.Agent.Simulation;

/// <summary>Processes and login: openWeChat, closeProcess, getLoginQrCode, getLoginStatus, logout, and the scan and logout events.</summary>
internal sealed partial class SimulatedWeChat
{
    public ValueTask<CommandOutcome> OpenWeChatAsync(CommandContext context, OpenWeChatCommand command)
    {
        int pid;
        lock (_gate)
        {
            if (_instances.Count >= Options.MaxInstances)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"too many WeChat processes: {_instances.Count} are running, at most {Options.MaxInstances}"));
            }

            pid = NewPid();
            var instance = new SimInstance { Pid = pid, Ordinal = _instancesCreated++ };
            _instances[pid] = instance;
            if (_sink is not null)
            {
                Registered(instance);
            }

            _sink?.InstanceStarted(pid);
        }

        return CommandOutcome.Done(CommandOutcome.Ok);
    }

    public ValueTask<CommandOutcome> CloseProcessAsync(CommandContext context, CloseProcessCommand command)
    {
        lock (_gate)
        {
            if (command.Pid is not { } pid)
            {
                return CommandOutcome.Done(CommandOutcome.Fail("pid is missing"));
            }

            if (!_instances.Remove(pid, out var instance))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"no WeChat process with pid {pid}"));
            }

            if (instance.Account is { } account)
            {
                _pidOf.Remove(account);
            }

            // The process ends: its agent sends what is queued (this ack included) and stops polling.
            _sink?.InstanceClosed(pid);
        }

        return CommandOutcome.Done(CommandOutcome.Ok);
    }

    public ValueTask<CommandOutcome> GetLoginQrCodeAsync(CommandContext context, GetLoginQrCodeCommand command)
    {
        var outcome = ShowQrCode(context);
        if (outcome.Success)
        {
            QrCodeShown?.Invoke(context.Pid);
        }

        return CommandOutcome.Done(outcome);
    }

    private CommandOutcome ShowQrCode(CommandContext context)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(context.Pid, out var instance))
            {
                return CommandOutcome.Fail($"no WeChat process with pid {context.Pid}");
            }

            if (instance.Account is { } account)
            {
                return CommandOutcome.Fail($"already logged in as {account}");
            }

            instance.QrLink = $"https://login.weixin.qq.com/l/{RandomText(Alnum, 10)}==";
            if (GenerationOf(context.Pid) == InterfaceGenerations.V2)
            {
                // The second generation saves the image and reports it with its path; its ack carries the sendId.
                var image = QrImage(instance.QrLink);
                var file = $@"C:\Users\sim\Documents\WeChat Files\qrcode_{context.Pid}_{Hex(6)}.png";
                var png = Convert.FromBase64String(image[(image.IndexOf(',', StringComparison.Ordinal) + 1)..]);
                Disk.Write(file, png);
                _qrContents[file] = instance.QrLink;
                Emit(context.Pid, new QrCodeMessageReport { Account = null, File = file, Base64 = Convert.ToBase64String(png) });
                return CommandOutcome.Ok;
            }

            var report = new LoginQrCodeReport { Account = null, Message = QrImage(instance.QrLink), SendId = context.SendId ?? string.Empty };
            return CommandOutcome.AnsweredBy(report);
        }
    }

    /// <summary>A QR code as the spec wants it: a base64 PNG usable directly as an <c>img</c> <c>src</c>.</summary>
    internal static string QrImage(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(4);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    public ValueTask<CommandOutcome> GetLoginStatusAsync(CommandContext context, GetLoginStatusCommand command)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(context.Pid, out var instance))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"no WeChat process with pid {context.Pid}"));
            }

            Emit(context.Pid, new LoginStatusReport { Account = instance.Account, Code = instance.Account is null ? 0 : 1 });
        }

        return CommandOutcome.Done(CommandOutcome.Ok);
    }

    public ValueTask<CommandOutcome> LogoutAsync(CommandContext context, LogoutCommand command)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(context.Pid, out var instance) || instance.Account is not { } account)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"WeChat process {context.Pid} is not logged in"));
            }

            instance.Account = null;
            _pidOf.Remove(account);
            if (GenerationOf(context.Pid) == InterfaceGenerations.V2)
            {
                // The second generation has no resLogout: the client reports the logout, then acks.
                Emit(context.Pid, new LogoutReport { Account = account, Code = 1 });
                return CommandOutcome.Done(CommandOutcome.Ok);
            }

            var answer = new LogoutResultReport { Account = account, SendId = context.SendId ?? string.Empty, SendResult = "1", ErrorReason = string.Empty };
            return CommandOutcome.Done(CommandOutcome.AnsweredBy(answer));
        }
    }

    /// <summary>
    /// Someone scans the QR code shown on <paramref name="pid"/> with the phone of <paramref name="account"/>
    /// (or of the first account not logged in anywhere): loginStatus and reportLoginUser follow.
    /// </summary>
    public string Scan(int pid, string? account = null)
    {
        string wxid;
        lock (_gate)
        {
            if (!_instances.TryGetValue(pid, out var instance))
            {
                throw new SimulationException($"no WeChat process with pid {pid}");
            }

            if (instance.Account is not null)
            {
                throw new SimulationException($"WeChat process {pid} is already logged in as {instance.Account}");
            }

            if (instance.QrLink is null)
            {
                throw new SimulationException($"WeChat process {pid} shows no QR code: send getLoginQrCode first");
            }

            wxid = account ?? _accountOrder.FirstOrDefault(a => !_pidOf.ContainsKey(a))
                ?? throw new SimulationException("every account is already logged in");
            if (!_accounts.TryGetValue(wxid, out var a))
            {
                throw new SimulationException($"unknown account {wxid}");
            }

            if (_pidOf.TryGetValue(wxid, out var other))
            {
                throw new SimulationException($"{wxid} is already logged in on WeChat process {other}");
            }

            instance.QrLink = null;
            instance.Account = wxid;
            _pidOf[wxid] = pid;
            EmitLogin(pid, a);
        }

        return wxid;
    }

    /// <summary>The four ways to log out (spec, 注意事项), besides the logout command.</summary>
    public void LogoutFrom(string account, LogoutSource source)
    {
        lock (_gate)
        {
            if (!_pidOf.Remove(account, out var pid))
            {
                throw new SimulationException($"{account} is not logged in");
            }

            _instances[pid].Account = null;
            Emit(pid, source == LogoutSource.ClientButton
                ? new LogoutResultReport { Account = account, SendResult = "1", ErrorReason = string.Empty }
                : new LogoutReport { Account = account, Code = 1 });
        }
    }
}

internal enum LogoutSource
{
    /// <summary>The WeQuick client's own logout button: <c>resLogout</c>.</summary>
    ClientButton,

    /// <summary>PC WeChat's logout button: <c>reportLogout</c>.</summary>
    PcButton,

    /// <summary>Logged out from the phone: <c>reportLogout</c>.</summary>
    Phone,
}

/// <summary>A world event that cannot happen as asked (a scenario step naming an unknown account …).</summary>
internal sealed class SimulationException(string message) : Exception(message);
