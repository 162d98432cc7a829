using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WeQuick.Cli;
using WeQuick.Gateway.Auth;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task Keys_made_with_the_cli_while_the_gateway_runs_turn_auth_on_and_revoking_one_refuses_it_at_once()
    {
        await using var gateway = await TestGateway.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/api/v1/accounts")).StatusCode);
        Assert.Contains(gateway.Logs.Entries, e => e.Contains("No API key exists", StringComparison.Ordinal));

        var (code, output, error) = await CliAsync("keys", "create", "--scope", "admin", "--name", "ops", "--data", gateway.DataDirectory);
        Assert.True(code == 0, error);
        var key = output.Trim();
        Assert.StartsWith("wqk_", key, StringComparison.Ordinal);
        Assert.Equal(4 + 43, key.Length);

        using (var none = await gateway.Http.GetAsync("/api/v1/accounts"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.StartsWith("Bearer", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(gateway, HttpMethod.Get, "/api/v1/accounts", key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/healthz")).StatusCode);

        (code, output, error) = await CliAsync("keys", "list", "--data", gateway.DataDirectory);
        Assert.True(code == 0, error);
        Assert.Contains("ops", output, StringComparison.Ordinal);
        Assert.Contains("admin", output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, output, StringComparison.Ordinal);

        (code, _, error) = await CliAsync("keys", "revoke", "ops", "--data", gateway.DataDirectory);
        Assert.True(code == 0, error);
        using (var revoked = await SendAsync(gateway, HttpMethod.Get, "/api/v1/accounts", key))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
            Assert.Contains("revoked", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Revoking the last key does not reopen the API.
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Http.GetAsync("/api/v1/accounts")).StatusCode);
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scopes_follow_the_method_and_path_and_admin_manages_keys_over_http()
    {
        await using var gateway = await TestGateway.StartAsync();
        var admin = await CreateOverHttpAsync(gateway, null, "root", "admin");
        var read = await CreateOverHttpAsync(gateway, admin, "reader", "read");
        var send = await CreateOverHttpAsync(gateway, admin, "sender", "send");

        var command = JsonContent.Create(new { target = "wxid_me", api = "sendTextMessage", option = new { wxid = "wxid_a", message = "hi" } });
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(gateway, HttpMethod.Get, "/api/v1/accounts", read)).StatusCode);
        using (var forbidden = await SendAsync(gateway, HttpMethod.Post, "/api/v1/commands", read, command))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Contains("send", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(gateway, HttpMethod.Post, "/api/v1/commands", send, JsonContent.Create(new { target = "wxid_me", api = "getContact" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(gateway, HttpMethod.Get, "/api/v1/keys", send)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(gateway, HttpMethod.Get, "/api/v1/webhooks", read)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(gateway, HttpMethod.Get, "/api/v1/accounts", "wqk_not-a-key")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Http.GetAsync("/api/v1/commands/1")).StatusCode);

        using (var list = await SendAsync(gateway, HttpMethod.Get, "/api/v1/keys", admin))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            var text = await list.Content.ReadAsStringAsync();
            var items = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().Select(k => k.GetProperty("name").GetString()).ToList();
            Assert.Equal(["root", "reader", "sender"], items);
            Assert.DoesNotContain(read, text, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(gateway, HttpMethod.Post, "/api/v1/keys", admin, JsonContent.Create(new { name = "reader", scope = "read" }))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(gateway, HttpMethod.Post, "/api/v1/keys", admin, JsonContent.Create(new { name = "x", scope = "root" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(gateway, HttpMethod.Delete, "/api/v1/keys/sender", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Delete, "/api/v1/keys/nobody", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(gateway, HttpMethod.Post, "/api/v1/commands", send, JsonContent.Create(new { target = "wxid_me", api = "getContact" }))).StatusCode);

        // Only the hash is stored.
        var stored = (await gateway.Store.ListApiKeysAsync(default)).Single(k => k.Name == "reader");
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(read)), stored.Hash);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(gateway.DataDirectory))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.DoesNotContain(read, Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_command_that_can_damage_the_account_or_read_its_data_needs_an_admin_key()
    {
        await using var gateway = await TestGateway.StartAsync();
        var admin = await CreateOverHttpAsync(gateway, null, "root", "admin");
        var send = await CreateOverHttpAsync(gateway, admin, "sender", "send");
        var apis = ProtocolRegistry.Commands.Where(k => k.Policy.RequiresAdmin).Select(k => k.Api).ToList();
        Assert.Equal(7, apis.Count);
        foreach (var api in apis)
        {
            using (var forbidden = await SendAsync(gateway, HttpMethod.Post, "/api/v1/commands", send, JsonContent.Create(new { target = "wxid_me", api })))
            {
                Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
                Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
                var detail = JsonDocument.Parse(await forbidden.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
                Assert.Contains("scope 'admin'", detail, StringComparison.Ordinal);
                Assert.Contains(api, detail, StringComparison.Ordinal);
            }

            Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(gateway, HttpMethod.Post, "/api/v1/commands", admin, JsonContent.Create(new { target = "wxid_me", api }))).StatusCode);
        }

        var sql = new StringContent("""{"target":"wxid_me","api":"getSqlData","option":{"sql":"select 1","db":1}}""", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(gateway, HttpMethod.Post, "/api/v1/commands", send, sql)).StatusCode);

        // A second-generation command that needs no more than send is accepted from a send key.
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(gateway, HttpMethod.Post, "/api/v1/commands", send, JsonContent.Create(new { target = "wxid_me", api = "getChatRooms" }))).StatusCode);
    }

    [Fact]
    public async Task The_serve_host_enforces_keys_made_on_its_data_folder()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            var (code, output, error) = await CliAsync("keys", "create", "--scope", "read", "--name", "viewer", "--data", dir);
            Assert.True(code == 0, error);
            var key = output.Trim();
            await using (var app = WeQuick.Cli.Gateway.GatewayServer.Build("http://127.0.0.1:0", dir))
            {
                await app.StartAsync();
                var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
                using var http = new HttpClient { BaseAddress = new Uri(address) };
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/accounts")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/accounts");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
                await app.StopAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task RequireKeys_refuses_loopback_callers_before_any_key_exists()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Api.RequireKeys = true);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Http.GetAsync("/api/v1/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/healthz")).StatusCode);
        Assert.Contains(gateway.Logs.Entries, e => e.Contains("RequireKeys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_mode_answers_loopback_only()
    {
        await using var gateway = await TestGateway.StartAsync();
        foreach (var (address, expected) in new[] { ("127.0.0.1", 200), ("::1", 200), ("10.1.2.3", 401), ("192.168.1.20", 401) })
        {
            // The developer API's authentication handler, as the authorization middleware runs it for a read route.
            using var request = gateway.Services.CreateScope();
            var http = new DefaultHttpContext { RequestServices = request.ServiceProvider };
            http.Request.Method = "GET";
            http.Request.Path = "/api/v1/accounts";
            http.Connection.RemoteIpAddress = IPAddress.Parse(address);
            http.Response.Body = new MemoryStream();
            if (!(await http.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName)).Succeeded)
            {
                await http.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName);
            }

            Assert.True(expected == http.Response.StatusCode, $"{address}: {http.Response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_scope_a_request_needs_comes_from_its_route_group()
    {
        await using var gateway = await TestGateway.StartAsync();
        var endpoints = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        // The policy (read, send or admin) of the endpoint a request is routed to; null when no endpoint takes it.
        string? Needed(string method, string path)
        {
            foreach (var e in endpoints.OrderBy(e => e.Order).ThenBy(e => e.RoutePattern.InboundPrecedence))
            {
                var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
                var matcher = new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText!), new RouteValueDictionary());
                if (methods?.Contains(method == "HEAD" ? "GET" : method) == true && matcher.TryMatch(path, new RouteValueDictionary()))
                {
                    var policies = e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>();
                    return policies.Count > 0 ? policies[^1].Policy : null;
                }
            }

            return null;
        }

        Assert.Equal(ApiKeys.Name(Storage.ApiScope.Read), Needed("GET", "/api/v1/accounts/wxid_me/messages"));
        Assert.Equal(ApiKeys.Name(Storage.ApiScope.Read), Needed("HEAD", "/api/v1/commands/3"));
        Assert.Equal(ApiKeys.Name(Storage.ApiScope.Send), Needed("POST", "/api/v1/accounts/wxid_me/messages"));
        Assert.Equal(ApiKeys.Name(Storage.ApiScope.Send), Needed("DELETE", "/api/v1/accounts/wxid_me/contacts/wxid_a"));
        Assert.Equal(ApiKeys.Name(Storage.ApiScope.Admin), Needed("GET", "/api/v1/keys"));
        Assert.Equal(ApiKeys.Name(Storage.ApiScope.Admin), Needed("GET", "/api/v1/webhooks/3/deliveries"));
        // A path that only starts like an admin route is not one.
        Assert.NotEqual(ApiKeys.Name(Storage.ApiScope.Admin), Needed("GET", "/api/v1/keyset"));
    }

    [Fact]
    public async Task The_cli_explains_bad_input()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            var (code, _, error) = await CliAsync("keys", "create", "--scope", "root", "--name", "x", "--data", dir);
            Assert.Equal(2, code);
            Assert.Contains("read, send or admin", error, StringComparison.Ordinal);
            (code, _, error) = await CliAsync("keys", "create", "--scope", "read", "--data", dir);
            Assert.Equal(2, code);
            Assert.Contains("--name", error, StringComparison.Ordinal);
            (code, _, _) = await CliAsync("keys", "create", "--scope", "read", "--name", "a", "--data", dir);
            Assert.Equal(0, code);
            (code, _, error) = await CliAsync("keys", "create", "--scope", "read", "--name", "a", "--data", dir);
            Assert.Equal(1, code);
            Assert.Contains("already exists", error, StringComparison.Ordinal);
            (code, _, error) = await CliAsync("keys", "revoke", "nobody", "--data", dir);
            Assert.Equal(1, code);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(int Code, string Out, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, TextReader.Null, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<string> CreateOverHttpAsync(TestGateway gateway, string? adminKey, string name, string scope)
    {
        using var response = await SendAsync(gateway, HttpMethod.Post, "/api/v1/keys", adminKey, JsonContent.Create(new { name, scope }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("key").GetString()!;
    }

    internal static async Task<HttpResponseMessage> SendAsync(TestGateway gateway, HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await gateway.Http.SendAsync(request);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
