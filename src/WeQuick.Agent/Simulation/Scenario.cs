using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace WeQuick.Agent.Simulation;

/// <summary>One timed step of a scenario file.</summary>
internal sealed record ScenarioStep(int Index, double At, string Action, JsonElement Args);

/// <summary>
/// A scenario: a JSON timeline of things that happen in the world (a friend says X, a friend request
/// arrives, someone joins a room, a transfer arrives, an account is logged out from the phone …).
/// The format is in docs/agent.md.
/// </summary>
internal sealed class Scenario
{
    public static readonly string[] Actions = ["message", "friendRequest", "join", "transfer", "scan", "logout"];

    private Scenario(string? description, IReadOnlyList<ScenarioStep> steps)
    {
        Description = description;
        Steps = steps;
    }

    public string? Description { get; }

    public IReadOnlyList<ScenarioStep> Steps { get; }

    /// <summary>Parses a scenario; a malformed one throws <see cref="FormatException"/> saying which step and field.</summary>
    public static Scenario Parse(string json)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the scenario is not valid JSON: {ex.Message}", ex);
        }

        using var doc = parsed;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("a scenario is an object with a \"steps\" array");
        }

        var list = new List<ScenarioStep>();
        var i = 0;
        foreach (var step in steps.EnumerateArray())
        {
            i++;
            if (step.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"step {i} is not an object");
            }

            if (!step.TryGetProperty("at", out var at) || at.ValueKind != JsonValueKind.Number || at.GetDouble() < 0)
            {
                throw new FormatException($"step {i}: \"at\" (seconds from the start, 0 or more) is missing or not a number");
            }

            var action = step.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : null;
            if (action is null || !Actions.Contains(action, StringComparer.Ordinal))
            {
                throw new FormatException($"step {i}: \"action\" must be one of {string.Join(", ", Actions)}");
            }

            list.Add(new ScenarioStep(i, at.GetDouble(), action, step.Clone()));
        }

        var description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        return new Scenario(description, [.. list.OrderBy(s => s.At).ThenBy(s => s.Index)]);
    }

    /// <summary>Runs the steps at their times; a step that cannot happen is logged and counted, and the rest go on.</summary>
    public async Task<(int Done, int Failed)> RunAsync(SimulatedWeChat world, TimeProvider time, ILogger log, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        int done = 0, failed = 0;
        foreach (var step in Steps)
        {
            var wait = TimeSpan.FromSeconds(step.At) - time.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            try
            {
                var what = Run(world, step);
                done++;
                log.ScenarioStepDone(step.Index, step.Action, what);
            }
            catch (Exception ex) when (ex is SimulationException or FormatException)
            {
                failed++;
                log.ScenarioStepFailed(step.Index, step.Action, ex.Message);
            }
        }

        return (done, failed);
    }

    internal static string Run(SimulatedWeChat world, ScenarioStep step)
    {
        var s = step.Args;
        switch (step.Action)
        {
            case "message":
            {
                var kind = Enum.TryParse<IncomingKind>(Text(s, "kind") ?? "text", ignoreCase: true, out var k)
                    ? k
                    : throw new FormatException($"step {step.Index}: \"kind\" must be one of {string.Join(", ", Enum.GetNames<IncomingKind>()).ToLowerInvariant()}");
                var account = Account(world, s, step);
                var room = Text(s, "room") is { } r ? RoomRef(world, r, account, step) : null;
                var from = Text(s, "from") is { } f ? PersonRef(world, f, account, step) : null;
                world.Incoming(kind, account, from, room, Text(s, "text"));
                return $"{kind} to {room ?? account}";
            }

            case "friendRequest":
            {
                var account = Account(world, s, step);
                var from = Text(s, "from") is { } f ? PersonRef(world, f, account, step) : null;
                var request = world.FriendRequestArrives(account, from, Text(s, "noticeWord") ?? "你好");
                return $"{request.From} asks {account} (v1 {request.V1})";
            }

            case "join":
            {
                var account = Text(s, "account") is null ? world.AccountIds[0] : Account(world, s, step);
                var room = RoomRef(world, Text(s, "room") ?? "room:lobby", account, step);
                var who = Text(s, "who") is { } w ? PersonRef(world, w, account, step) : null;
                var inviter = Text(s, "inviter") is { } i ? PersonRef(world, i, account, step) : null;
                var joined = world.MemberJoins(room, who, inviter, Bool(s, "viaQrCode"));
                return $"{joined} joined {room}";
            }

            case "transfer":
            {
                var account = Account(world, s, step);
                var from = PersonRef(world, Text(s, "from") ?? "friend:0", account, step);
                var fee = s.TryGetProperty("fee", out var fe) && fe.ValueKind == JsonValueKind.Number ? fe.GetDecimal() : 1m;
                var t = world.TransferArrives(from, account, fee, Text(s, "memo") ?? string.Empty);
                return $"transfer {t.Id} of {t.Fee} from {from}";
            }

            case "scan":
            {
                var pidText = Text(s, "pid") ?? "waiting";
                int pid;
                if (pidText == "waiting")
                {
                    pid = world.Pids.FirstOrDefault(p => world.AccountOf(p) is null && world.ShowsQrCode(p));
                    if (pid == 0)
                    {
                        throw new SimulationException("no WeChat process shows a QR code (the server has not sent getLoginQrCode)");
                    }
                }
                else if (pidText.StartsWith("instance:", StringComparison.Ordinal))
                {
                    var n = Index(pidText, step);
                    pid = n < world.Pids.Count ? world.Pids[n] : throw new SimulationException($"there is no {pidText}");
                }
                else if (!int.TryParse(pidText, NumberStyles.Integer, CultureInfo.InvariantCulture, out pid))
                {
                    throw new FormatException($"step {step.Index}: \"pid\" must be a pid, instance:N or waiting");
                }

                var who = Text(s, "account") is null ? null : Account(world, s, step);
                var wxid = world.Scan(pid, who);
                return $"{wxid} scanned the QR code of process {pid}";
            }

            case "logout":
            {
                var account = Account(world, s, step);
                var via = Text(s, "via") ?? "phone";
                var source = via switch
                {
                    "phone" => LogoutSource.Phone,
                    "pc" => LogoutSource.PcButton,
                    "client" => LogoutSource.ClientButton,
                    _ => throw new FormatException($"step {step.Index}: \"via\" must be phone, pc or client"),
                };
                world.LogoutFrom(account, source);
                return $"{account} logged out ({via})";
            }

            default:
                throw new FormatException($"step {step.Index}: unknown action {step.Action}");
        }
    }

    private static string? Text(JsonElement s, string name) =>
        s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement s, string name) => s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static int Index(string reference, ScenarioStep step)
    {
        var colon = reference.LastIndexOf(':');
        return int.TryParse(reference[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new FormatException($"step {step.Index}: '{reference}' needs a number after the colon");
    }

    private static string Account(SimulatedWeChat world, JsonElement s, ScenarioStep step)
    {
        var reference = Text(s, "account") ?? "account:0";
        if (reference.StartsWith("account:", StringComparison.Ordinal))
        {
            var n = Index(reference, step);
            return n < world.AccountIds.Count ? world.AccountIds[n] : throw new SimulationException($"there is no {reference} (the world has {world.AccountIds.Count} accounts)");
        }

        return reference;
    }

    /// <summary>account:N, friend:N (the account's N-th friend), or a wxid.</summary>
    private static string PersonRef(SimulatedWeChat world, string reference, string account, ScenarioStep step)
    {
        if (reference.StartsWith("account:", StringComparison.Ordinal))
        {
            var n = Index(reference, step);
            return n < world.AccountIds.Count ? world.AccountIds[n] : throw new SimulationException($"there is no {reference}");
        }

        if (reference.StartsWith("friend:", StringComparison.Ordinal))
        {
            var n = Index(reference, step);
            var friends = world.ContactsOf(account, ContactState.Friend).Where(f => !world.AccountIds.Contains(f)).ToList();
            return n < friends.Count ? friends[n] : throw new SimulationException($"{account} has no {reference} ({friends.Count} friends)");
        }

        return reference;
    }

    /// <summary>room:lobby (the shared room), room:own (the first room the account owns), room:N, or a room id.</summary>
    private static string RoomRef(SimulatedWeChat world, string reference, string account, ScenarioStep step)
    {
        var rooms = world.RoomIds;
        return reference switch
        {
            "room:lobby" => world.Room(world.LobbyRoom) is not null ? world.LobbyRoom : throw new SimulationException("the shared room is gone"),
            "room:own" => rooms.FirstOrDefault(r => world.Room(r)?.Owner == account) ?? throw new SimulationException($"{account} owns no room"),
            _ when reference.StartsWith("room:", StringComparison.Ordinal) => Index(reference, step) is var n && n < rooms.Count ? rooms[n] : throw new SimulationException($"there is no {reference}"),
            _ => reference,
        };
    }
}
