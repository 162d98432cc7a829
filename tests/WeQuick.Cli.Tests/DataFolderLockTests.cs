using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using WeQuick.Cli.Gateway;

namespace WeQuick.Cli.Tests;

/// <summary>
/// One data folder, one gateway, through the real executable started in a folder of its own (as a newcomer's shell
/// would be): a second <c>serve</c> on the demo's folder refuses in one line naming the folder and the holder while
/// the first goes on serving; <c>keys create</c> without <c>--data</c> finds the folder that gateway runs on, says so,
/// and its key works at once; the 401 for an unknown key names the folder the gateway reads keys from.
/// </summary>
public sealed class DataFolderLockTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly string _cwd = Directory.CreateTempSubdirectory("wequick-lock-tests-").FullName;

    public void Dispose() => Directory.Delete(_cwd, recursive: true);

    [Fact]
    public async Task A_second_gateway_on_the_folder_refuses_and_keys_find_the_running_one()
    {
        var demo = Path.Combine("data", "demo");
        using var first = Start("serve", "--urls", "http://127.0.0.1:0", "--data", demo);
        var firstOut = first.StandardOutput.ReadToEndAsync();
        var firstErr = first.StandardError.ReadToEndAsync();
        try
        {
            var url = await BoundUrlAsync(Path.Combine(_cwd, demo, DataFolderLock.InfoFile), first);

            // The second gateway: one line naming the folder and the first one's pid and URL, exit 1, no stack trace.
            using (var second = Start("serve", "--urls", "http://127.0.0.1:0", "--data", demo))
            {
                var (code, stdout, stderr) = await EndAsync(second);
                Assert.Equal(1, code);
                var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.Equal(
                    string.Create(CultureInfo.InvariantCulture, $"wequick serve: the data folder {demo} is in use by another gateway (pid {first.Id}, {url}); stop that one, or give this one another folder with --data DIR"),
                    line.TrimEnd('\r'));
                Assert.DoesNotContain("Exception", stdout, StringComparison.Ordinal);
            }

            // keys as the README prints it, no --data: ./data has nothing, so the demo's folder, and it says so.
            string key;
            using (var keys = Start("keys", "create", "--scope", "send", "--name", "my-bot"))
            {
                var (code, stdout, stderr) = await EndAsync(keys);
                Assert.True(code == 0, stderr);
                key = stdout.Trim();
                Assert.Contains($"using the demo's folder {demo}", stderr, StringComparison.Ordinal);
                Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"keys in {demo} (the gateway running there: pid {first.Id}, {url})"), stderr, StringComparison.Ordinal);
            }

            Assert.False(File.Exists(Path.Combine(_cwd, "data", "wequick.db")), "keys wrote to ./data");

            // The first gateway still serves, and takes the new key at once; an unknown key's 401 names the folder.
            using var http = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(30) };
            using (var ok = new HttpRequestMessage(HttpMethod.Get, "api/v1/accounts"))
            {
                ok.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var response = await http.SendAsync(ok);
                Assert.Equal(200, (int)response.StatusCode);
            }

            using (var unknown = new HttpRequestMessage(HttpMethod.Get, "api/v1/accounts"))
            {
                unknown.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wq_not_a_key_of_this_gateway");
                using var response = await http.SendAsync(unknown);
                Assert.Equal(401, (int)response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
                Assert.Equal($"the API key is not known to this gateway (keys are read from {demo}; create one with: wequick keys create --data {demo} --scope read|send|admin --name NAME)", detail);
            }

            // With --data the folder is the one given, and the line still names the gateway running there.
            using (var list = Start("keys", "list", "--data", demo))
            {
                var (code, stdout, stderr) = await EndAsync(list);
                Assert.True(code == 0, stderr);
                Assert.Contains("my-bot", stdout, StringComparison.Ordinal);
                Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"keys in {demo} (the gateway running there: pid {first.Id}, {url})"), stderr.Trim());
            }
        }
        finally
        {
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }

            await Task.WhenAll(firstOut, firstErr);
        }

        // Once the gateway is gone, the folder is free again: keys says no gateway runs there.
        using var after = Start("keys", "list", "--data", demo);
        var (afterCode, _, afterErr) = await EndAsync(after);
        Assert.Equal(0, afterCode);
        Assert.Equal($"keys in {demo} (no gateway is running there; a gateway started with --data {demo} reads them)", afterErr.Trim());
    }

    private Process Start(params string[] args)
    {
        var start = WequickProcess.StartInfo(args);
        start.WorkingDirectory = _cwd;
        return Process.Start(start)!;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> EndAsync(Process process)
    {
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The URL the gateway bound, once it has written it to the lock's info file (port 0 replaced by the real one).</summary>
    private static async Task<string> BoundUrlAsync(string info, Process gateway)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            Assert.False(gateway.HasExited, "the gateway ended before it was ready");
            try
            {
                var urls = File.ReadAllLines(info).FirstOrDefault(l => l.StartsWith("urls=", StringComparison.Ordinal))?[5..];
                if (urls is { Length: > 0 } && !urls.EndsWith(":0", StringComparison.Ordinal))
                {
                    return urls;
                }
            }
            catch (IOException)
            {
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
