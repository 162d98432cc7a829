using System.Globalization;
using Microsoft.Extensions.Logging;

namespace WeQuick.Agent.Simulation;

/// <summary>What load mode makes happen: message kinds, room chatter, transfers, friend requests, joins.</summary>
internal enum LoadEvent
{
    Text,
    Room,
    Pic,
    File,
    Voice,
    Video,
    Gif,
    Url,
    Card,
    Mini,
    System,
    Transfer,
    FriendRequest,
    Join,
}

/// <summary>Weights of the load events, e.g. <c>text=60,room=20,pic=10,transfer=10</c>.</summary>
internal sealed class LoadMix
{
    public const string Default = "text=40,room=25,pic=8,voice=5,gif=5,url=4,file=3,video=2,card=2,mini=1,system=1,transfer=2,friendRequest=1,join=1";

    private LoadMix(IReadOnlyList<(LoadEvent Event, double Weight)> weights)
    {
        Weights = weights;
        Total = weights.Sum(w => w.Weight);
    }

    public IReadOnlyList<(LoadEvent Event, double Weight)> Weights { get; }

    public double Total { get; }

    public static LoadMix Parse(string text)
    {
        var list = new List<(LoadEvent, double)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !Enum.TryParse<LoadEvent>(part[..eq], ignoreCase: true, out var e) || !Enum.IsDefined(e)
                || !double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || w < 0 || !double.IsFinite(w))
            {
                throw new FormatException($"'{part}' is not kind=weight with a kind among {string.Join(", ", Enum.GetNames<LoadEvent>()).ToLowerInvariant()} and a weight of 0 or more");
            }

            list.Add((e, w));
        }

        if (list.Sum(x => x.Item2) <= 0)
        {
            throw new FormatException("the mix needs at least one kind with a weight above 0");
        }

        return new LoadMix(list);
    }

    public LoadEvent Pick(Random rng)
    {
        var x = rng.NextDouble() * Total;
        foreach (var (e, w) in Weights)
        {
            if ((x -= w) < 0)
            {
                return e;
            }
        }

        return Weights[^1].Event;
    }
}

/// <summary>
/// Load mode: makes things happen to the online accounts at <c>rate</c> reports per second in total, as a
/// Poisson process. An event that makes k reports (a room message seen by k member accounts) counts k
/// arrivals, so the long-run report rate is the asked one whatever the mix.
/// </summary>
internal sealed class LoadGenerator(SimulatedWeChat world, double rate, LoadMix mix, Random rng, TimeProvider time, ILogger log)
{
    private long _events;
    private long _skipped;

    public long Events => Interlocked.Read(ref _events);

    public long Skipped => Interlocked.Read(ref _skipped);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (rate <= 0)
        {
            return;
        }

        var start = time.GetTimestamp();
        var due = 0.0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = TimeSpan.FromSeconds(due) - time.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                try
                {
                    await Task.Delay(wait, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var before = world.EmittedCount;
            if (!Fire())
            {
                Interlocked.Increment(ref _skipped);
            }

            var made = Math.Max(1, world.EmittedCount - before);
            for (var i = 0; i < made; i++)
            {
                due += -Math.Log(1 - rng.NextDouble()) / rate;
            }

            Interlocked.Increment(ref _events);
            if (_events % 256 == 0)
            {
                // Keep a behind-schedule generator from starving everything else.
                await Task.Yield();
            }
        }
    }

    private bool Fire()
    {
        var online = world.OnlineAccounts;
        if (online.Count == 0)
        {
            return false;
        }

        var account = online[rng.Next(online.Count)];
        var e = mix.Pick(rng);
        try
        {
            switch (e)
            {
                case LoadEvent.Room:
                    var rooms = world.RoomsOf(account);
                    if (rooms.Count == 0)
                    {
                        return false;
                    }

                    world.Incoming(IncomingKind.Text, account, room: rooms[rng.Next(rooms.Count)]);
                    break;
                case LoadEvent.Transfer:
                    var friends = world.ContactsOf(account, ContactState.Friend);
                    world.TransferArrives(friends[rng.Next(friends.Count)], account, Math.Round((decimal)(rng.NextDouble() * 200) + 0.01m, 2), "load");
                    break;
                case LoadEvent.FriendRequest:
                    world.FriendRequestArrives(account);
                    break;
                case LoadEvent.Join:
                    var owned = world.RoomsOf(account, ownedOnly: true).Where(r => world.Room(r)!.Members.Count < 500).ToList();
                    if (owned.Count == 0)
                    {
                        return false;
                    }

                    world.MemberJoins(owned[rng.Next(owned.Count)], inviter: account, viaQrCode: rng.Next(2) == 0);
                    break;
                default:
                    world.Incoming(Enum.Parse<IncomingKind>(e.ToString()), account);
                    break;
            }

            return true;
        }
        catch (SimulationException ex)
        {
            log.LoadEventSkipped(e, account, ex.Message);
            return false;
        }
    }
}
