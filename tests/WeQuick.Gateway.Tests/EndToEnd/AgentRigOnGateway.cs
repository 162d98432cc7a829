using System.Net.Http.Json;
using System.Text.Json;
using WeQuick.Agent;
using WeQuick.Agent.Simulation;
using WeQuick.Protocol;
using WeQuick.Gateway.Tests.Infrastructure;

namespace WeQuick.Gateway.Tests.EndToEnd;

/// <summary>
/// The real gateway with the real agent and its simulated world as the client, meeting only on the wire
/// (the agent is given the gateway's <c>/recieve_msg</c> and <c>/send_msg</c> URLs, as a real client is).
/// </summary>
internal sealed class AgentRigOnGateway : IAsyncDisposable
{
    private AgentRigOnGateway(TestGateway gateway, SimulatedWeChat world, WeQuickAgent agent)
    {
        Gateway = gateway;
        World = world;
        Agent = agent;
    }

    public TestGateway Gateway { get; }

    public SimulatedWeChat World { get; }

    public WeQuickAgent Agent { get; }

    public string Account(int i) => World.AccountIds[i];

    public static async Task<AgentRigOnGateway> StartAsync(int accounts = 3, bool loggedOut = false, TimeSpan? pollInterval = null, Action<GatewayOptions>? configure = null)
    {
        var gateway = await TestGateway.StartAsync(configure);
        var world = new SimulatedWeChat(new WorldOptions { Seed = 11, Accounts = accounts, LoggedOut = loggedOut });
        var agent = new WeQuickAgent(
            new AgentOptions
            {
                ReceiveUrl = new Uri(gateway.BaseAddress, "/recieve_msg"),
                SendUrl = new Uri(gateway.BaseAddress, "/send_msg"),
                PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(50),
                RequestTimeout = TimeSpan.FromSeconds(5),
                InitialBackoff = TimeSpan.FromMilliseconds(20),
                MaxBackoff = TimeSpan.FromMilliseconds(200),
                DrainTimeout = TimeSpan.FromSeconds(3),
                // The end-to-end tests here check the first generation's path (the agent's default is the second).
                Interface = InterfaceGenerations.V1,
            },
            world);
        agent.Start();
        return new AgentRigOnGateway(gateway, world, agent);
    }

    /// <summary>Waits until the gateway shows <paramref name="count"/> accounts logged in and online.</summary>
    public async Task<List<JsonElement>> AccountsLoggedInAsync(int count)
    {
        List<JsonElement> accounts = [];
        await Eventually.TrueAsync(
            async () =>
            {
                accounts = (await Gateway.GetJsonAsync("/api/v1/accounts")).GetProperty("items").EnumerateArray()
                    .Where(a => a.TryGetProperty("loggedIn", out var l) && l.ValueKind == JsonValueKind.True
                        && a.TryGetProperty("online", out var o) && o.ValueKind == JsonValueKind.True)
                    .ToList();
                return accounts.Count >= count;
            },
            () => $"expected {count} accounts logged in and online, the gateway shows {accounts.Count}");
        return accounts;
    }

    /// <summary>Sends a command through the developer API and waits for it to finish in <paramref name="state"/>.</summary>
    public async Task<JsonElement> RunAsync(string target, string api, object? option = null, string state = "completed")
    {
        var created = await Gateway.PostCommandAsync(target, api, option);
        var id = created.GetProperty("id").GetInt64();
        JsonElement last = default;
        await Eventually.TrueAsync(
            async () =>
            {
                last = await Gateway.GetCommandAsync(id);
                var s = last.GetProperty("state").GetString();
                return s is "completed" or "failed" or "expired";
            },
            () => $"{api} for {target} did not finish: {last}");
        Assert.True(last.GetProperty("state").GetString() == state, $"{api} for {target} ended {last.GetProperty("state")}, expected {state}: {last}");
        return last;
    }

    public async Task<List<JsonElement>> MessagesAsync(string account)
    {
        using var response = await Gateway.Http.GetAsync($"/api/v1/accounts/{account}/messages?limit=500");
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("items").EnumerateArray().Reverse().ToList();
    }

    public async Task<JsonElement> MessageAsync(string account, Func<JsonElement, bool> match, string what)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(
            async () =>
            {
                var hit = (await MessagesAsync(account)).Where(match).ToList();
                if (hit.Count > 0)
                {
                    found = hit[^1];
                }

                return hit.Count > 0;
            },
            () => $"{account} never saw {what}");
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        Assert.Empty(Gateway.Logs.Errors);
        await Gateway.DisposeAsync();
    }
}
