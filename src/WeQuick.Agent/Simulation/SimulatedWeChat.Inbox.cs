using WeQuick.Protocol;

namespace WeQuick.Agent.Simulation;

/// <summary>A message an account sent to a simulated person (someone who is not an account and so has no agent).</summary>
/// <param name="From">The sending account.</param>
/// <param name="To">The person.</param>
/// <param name="Kind">The report kind the message would have on the person's side (<c>reportTextMessage</c>, …).</param>
/// <param name="Text">The text of a text message; a title or path for the other kinds.</param>
/// <param name="At">When the world delivered it.</param>
internal sealed record SimDelivery(string From, string To, string Kind, string? Text, DateTimeOffset At);

/// <summary>What the simulated people (friends without an agent) have received, so a demo or a test can see a bot's sends arrive.</summary>
internal sealed partial class SimulatedWeChat
{
    /// <summary>How many deliveries are kept per person; older ones are dropped first.</summary>
    public const int InboxCapacity = 1000;

    private readonly Dictionary<string, Queue<SimDelivery>> _inboxes = new(StringComparer.Ordinal);

    /// <summary>Raised (outside the world's lock) when an account's message reaches a simulated person.</summary>
    public event Action<SimDelivery>? PersonReceived;

    /// <summary>The messages <paramref name="person"/> has received from accounts, oldest first (at most <see cref="InboxCapacity"/>).</summary>
    public IReadOnlyList<SimDelivery> ReceivedBy(string person)
    {
        lock (_gate)
        {
            return _inboxes.TryGetValue(person, out var inbox) ? [.. inbox] : [];
        }
    }

    /// <summary>The first friend (by wxid) of <paramref name="account"/> who is a simulated person rather than another account, and still has the account as a friend.</summary>
    public string? FirstPersonFriendOf(string account)
    {
        lock (_gate)
        {
            return _accounts.TryGetValue(account, out var a)
                ? a.Contacts.Values.Where(c => c.State == ContactState.Friend && !_accounts.ContainsKey(c.Wxid)
                        && _people.TryGetValue(c.Wxid, out var p) && !p.Rejects.Contains(account))
                    .Select(c => c.Wxid).Order(StringComparer.Ordinal).FirstOrDefault()
                : null;
        }
    }

    /// <summary>Records a delivery under the world's lock; the caller raises <see cref="PersonReceived"/> after leaving it.</summary>
    private SimDelivery Deliver(string from, string to, MessageReport message)
    {
        var text = message switch
        {
            TextMessageReport t => t.Message,
            UrlMessageReport u => u.Title,
            PicMessageReport p => p.FileIndex,
            FileMessageReport f => f.FileIndex,
            _ => null,
        };
        var delivery = new SimDelivery(from, to, message.Kind, text, _time.GetUtcNow());
        if (!_inboxes.TryGetValue(to, out var inbox))
        {
            _inboxes[to] = inbox = new Queue<SimDelivery>();
        }

        if (inbox.Count == InboxCapacity)
        {
            inbox.Dequeue();
        }

        inbox.Enqueue(delivery);
        return delivery;
    }
}
