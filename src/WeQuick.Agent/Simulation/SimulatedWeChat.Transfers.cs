using System.Globalization;
using System.Xml.Linq;
using WeQuick.Protocol;

namespace WeQuick.Agent.Simulation;

/// <summary>Transfers (paysubtype 1 → 3 on acceptBankTransfer) and client-local files.</summary>
internal sealed partial class SimulatedWeChat
{
    /// <summary>A transfer from <paramref name="from"/> arrives at <paramref name="to"/> (paysubtype 1).</summary>
    public SimTransfer TransferArrives(string from, string to, decimal fee, string memo = "")
    {
        lock (_gate)
        {
            if (!_accounts.ContainsKey(to))
            {
                throw new SimulationException($"unknown account {to}");
            }

            if (!_people.ContainsKey(from) || from == to)
            {
                throw new SimulationException($"unknown or invalid payer {from}");
            }

            if (fee <= 0)
            {
                throw new SimulationException("a transfer needs a positive amount");
            }

            var transfer = new SimTransfer { Id = "1000050001" + RandomText("0123456789", 18), From = from, To = to, Fee = fee, Memo = memo };
            _transfers[transfer.Id] = transfer;
            TellBoth(transfer);
            return transfer;
        }
    }

    public ValueTask<CommandOutcome> AcceptTransferAsync(CommandContext context, AcceptBankTransferCommand command)
    {
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (string.IsNullOrEmpty(command.TransferId))
            {
                return CommandOutcome.Done(CommandOutcome.Fail("transferid is empty"));
            }

            if (!_transfers.TryGetValue(command.TransferId, out var t))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"unknown transferid {command.TransferId}"));
            }

            if (t.To != me.Wxid)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"transfer {t.Id} is not addressed to this account"));
            }

            // The second generation's acceptBankTransfer has only the transferid.
            if ((GenerationOf(context.Pid) != InterfaceGenerations.V2 || !string.IsNullOrEmpty(command.Wxid)) && command.Wxid != t.From)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"transfer {t.Id} was sent by {t.From}, not by {command.Wxid}"));
            }

            if (t.PaySubtype != 1)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"transfer {t.Id} was already {(t.PaySubtype == 3 ? "accepted" : "returned")}"));
            }

            t.PaySubtype = 3;
            TellBoth(t);
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    /// <summary>Reports a transfer's state to the payee's agent and, when the payer is an account, to the payer's.</summary>
    private void TellBoth(SimTransfer t)
    {
        var fee = "￥" + t.Fee.ToString("0.00", CultureInfo.InvariantCulture);
        var xml = Xml(new XElement("msg", new XElement("appmsg", new XElement("title", "微信转账"), new XElement("type", 2000),
            new XElement("wcpayinfo", new XElement("paysubtype", t.PaySubtype), new XElement("feedesc", fee),
                new XElement("transferid", t.Id), new XElement("pay_memo", t.Memo)))));

        // When the payee accepts (3), the payee is the one who acts: myMsg for the payee.
        var accepted = t.PaySubtype == 3;
        TransferMessageReport For(string account, bool mine) => new()
        {
            Account = account,
            MsgType = 4905,
            MyMsg = mine,
            WxidFrom = accepted ? t.To : t.From,
            WxidTo = accepted ? t.From : t.To,
            Nick = NickOf(accepted ? t.To : t.From),
            TransferId = t.Id,
            PaySubtype = t.PaySubtype,
            PayMemo = t.Memo,
            FeeDesc = fee,
            XmlMsg = xml,
        };

        EmitTo(t.To, For(t.To, mine: accepted));
        if (_accounts.ContainsKey(t.From))
        {
            EmitTo(t.From, For(t.From, mine: !accepted));
        }
    }

    public ValueTask<LocalFile> ReadFileAsync(CommandContext context, string path, CancellationToken cancellationToken)
    {
        var name = FakeDisk.FileName(path);
        if (!Disk.TryGet(path, out var file))
        {
            return ValueTask.FromResult(new LocalFile(path, name, null, $"file not found on the client machine: {path}"));
        }

        if (file.Length > FakeDisk.MaxReadable)
        {
            return ValueTask.FromResult(new LocalFile(path, name, null, $"{path} is {file.Length} bytes, over the simulator's 64 MB upload limit"));
        }

        return ValueTask.FromResult(new LocalFile(path, name, FakeDisk.Read(file), null));
    }
}
