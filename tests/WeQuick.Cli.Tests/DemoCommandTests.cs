using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace WeQuick.Cli.Tests;

/// <summary>
/// <c>wequick demo</c> through <see cref="CliApp.RunAsync(string[], TextReader, TextWriter, TextWriter, CancellationToken)"/>:
/// it comes up on a free loopback port, the <c>curl</c> it prints makes the simulated friend receive the message,
/// a typed line reaches the account as the friend's message, and stopping it is clean.
/// </summary>
public sealed partial class DemoCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly string _dir = Directory.CreateTempSubdirectory("wequick-demo-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_printed_curl_reaches_the_friend_and_typed_lines_reach_the_account()
    {
        var output = new LineWriter();
        var error = new LineWriter();
        var input = new TypedInput();
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => CliApp.RunAsync(
            ["demo", "--urls", "http://127.0.0.1:0", "--data", _dir, "--rate", "0", "--no-pacing", "--accounts", "2", "--interface", "v1"],
            input, output, error, stop.Token));

        var curl = await output.WaitForLineAsync(l => l.StartsWith("  curl -sS -X POST", StringComparison.Ordinal), Deadline, run);
        var logins = output.Lines.Count(l => l.Contains(": logged in as wxid_", StringComparison.Ordinal));
        Assert.Equal(2, logins);

        // Run the printed command as curl would: its URL, its headers, its body.
        var match = CurlPattern().Match(curl);
        Assert.True(match.Success, "unexpected curl line: " + curl);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, match.Groups["url"].Value)
        {
            Content = new StringContent(match.Groups["body"].Value, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", match.Groups["key"].Value);
        using var response = await http.SendAsync(request);
        var record = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("completed", record.GetProperty("state").GetString());
        var friend = JsonDocument.Parse(match.Groups["body"].Value).RootElement.GetProperty("to").GetString()!;
        var account = record.GetProperty("target").GetString()!;

        // Ready means the lists are there: the gateway asked for them at login; nobody posted …/contacts/refresh.
        var lists = output.Lines.Single(l => l.StartsWith("  lists    ", StringComparison.Ordinal));
        using (var contactsRequest = new HttpRequestMessage(HttpMethod.Get, Regex.Match(lists, "(?<url>http\\S+/contacts)$").Groups["url"].Value))
        {
            contactsRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", match.Groups["key"].Value);
            using var contacts = await http.SendAsync(contactsRequest);
            Assert.Equal(200, (int)contacts.StatusCode);
            Assert.NotEqual(0, JsonDocument.Parse(await contacts.Content.ReadAsStringAsync()).RootElement.GetProperty("items").GetArrayLength());
        }

        using (var commandsRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(match.Groups["url"].Value), $"/api/v1/commands?account={account}")))
        {
            commandsRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", match.Groups["key"].Value);
            using var commands = await http.SendAsync(commandsRequest);
            var apis = JsonDocument.Parse(await commands.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("api").GetString()).ToList();
            Assert.Equal(1, apis.Count(a => a == "getContact"));
        }
        await output.WaitForLineAsync(l => l.Contains($"{friend} (", StringComparison.Ordinal) && l.EndsWith($"received from {account}: hello from WeQuick", StringComparison.Ordinal), Deadline, run);

        // The printed stream command starts live: after the newest event when it was printed, not from the start.
        var watch = output.Lines.Single(l => l.StartsWith("  curl -N ", StringComparison.Ordinal));
        var after = long.Parse(Regex.Match(watch, "&after=(?<seq>[0-9]+)'$").Groups["seq"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(after > 0, "the logins are in the log before the line is printed: " + watch);
        using var streamRequest = new HttpRequestMessage(HttpMethod.Get, Regex.Match(watch, "'(?<url>http[^']+)'").Groups["url"].Value);
        streamRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", match.Groups["key"].Value);
        using var stream = await http.SendAsync(streamRequest, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)stream.StatusCode);
        using var sse = new StreamReader(await stream.Content.ReadAsStreamAsync());

        // A typed line is the friend writing to the account: it is in the gateway's log as the account's text message.
        input.Type("are you there?");
        string? line;
        while ((line = await sse.ReadLineAsync().WaitAsync(Deadline)) is not null && !line.StartsWith("id:", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        Assert.True(long.Parse(line["id:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture) > after, $"the stream began with {line}, at or before {after}");
        await output.WaitForLineAsync(l => l.EndsWith($"{friend} sent {account}: are you there?", StringComparison.Ordinal), Deadline, run);
        var events = new Uri(new Uri(match.Groups["url"].Value), "/api/v1/events?limit=500");
        await Eventually(async () =>
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, events);
            get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", match.Groups["key"].Value);
            using var page = await http.SendAsync(get);
            var body = JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement;
            return body.GetProperty("items").EnumerateArray().Any(e =>
                e.GetProperty("kind").GetString() == "reportTextMessage"
                && e.GetProperty("account").GetString() == account
                && e.GetProperty("data").TryGetProperty("message", out var m) && m.GetString() == "are you there?"
                && e.GetProperty("data").GetProperty("wxidFrom").GetString() == friend);
        });

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Deadline));
        Assert.Equal("stopped", output.Lines[^1]);
        Assert.Empty(error.Lines);
    }

    [Fact]
    public async Task With_the_echo_bot_the_friends_ping_comes_back()
    {
        var output = new LineWriter();
        var error = new LineWriter();
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => CliApp.RunAsync(
            ["demo", "--urls", "http://127.0.0.1:0", "--data", _dir, "--rate", "0", "--accounts", "1", "--bot", "echo"],
            new TypedInput(), output, error, stop.Token));

        var sent = await output.WaitForLineAsync(l => l.EndsWith(": ping", StringComparison.Ordinal) && l.Contains(" sent ", StringComparison.Ordinal), Deadline, run);
        var friend = sent.Split(' ')[1];
        await output.WaitForLineAsync(l => l.Contains($"] {friend} (", StringComparison.Ordinal) && l.Contains(" received from wxid_", StringComparison.Ordinal) && l.EndsWith(": ping", StringComparison.Ordinal), Deadline, run);
        Assert.Contains(output.Lines, l => l.StartsWith("EchoBot runs", StringComparison.Ordinal));

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Deadline));
        Assert.Empty(error.Lines);
    }

    [Fact]
    public async Task A_second_run_on_the_same_data_folder_logs_in_again_with_the_same_key_until_it_is_revoked()
    {
        var options = new Demo.DemoOptions { DataDirectory = _dir, Urls = "http://127.0.0.1:0", Accounts = 1, Rate = 0, Pacing = false };
        string firstKey;
        string account;
        await using (var first = await Demo.DemoHost.StartAsync(options))
        {
            firstKey = first.ApiKey;
            account = first.Account;
            using var ok = await first.Http.GetAsync($"api/v1/accounts/{account}");
            Assert.Equal(200, (int)ok.StatusCode);
        }

        await using (var second = await Demo.DemoHost.StartAsync(options))
        {
            Assert.Equal(account, second.Account);
            Assert.Equal(firstKey, second.ApiKey);
            using var again = await second.Http.GetAsync($"api/v1/accounts/{account}");
            Assert.Equal(200, (int)again.StatusCode);
        }

        // Revoked (here with `wequick keys revoke`, as a user would): the next run makes a new key.
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            var keys = await CliApp.RunAsync(["keys", "list", "--data", _dir], new StringReader(string.Empty), output, error);
            Assert.Equal(0, keys);
            var id = output.ToString().Split('\n').Skip(1).First(l => l.Contains("demo-", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            Assert.Equal(0, await CliApp.RunAsync(["keys", "revoke", id, "--data", _dir], new StringReader(string.Empty), output, error));
        }

        await using var third = await Demo.DemoHost.StartAsync(options);
        Assert.NotEqual(firstKey, third.ApiKey);
        using var http = new HttpClient { BaseAddress = third.BaseUrl };
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"api/v1/accounts/{account}");
        stale.Headers.Authorization = new AuthenticationHeaderValue("Bearer", firstKey);
        using var refused = await http.SendAsync(stale);
        Assert.Equal(401, (int)refused.StatusCode);
        using var fresh = await third.Http.GetAsync($"api/v1/accounts/{account}");
        Assert.Equal(200, (int)fresh.StatusCode);
    }

    [Fact]
    public async Task The_real_executable_answers_ping_with_the_echo_bot_and_stops_cleanly_on_sigterm()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGTERM is a POSIX signal; Ctrl-C is covered in-process by the other tests.
        }

        var start = WequickProcess.StartInfo("demo", "--urls", "http://127.0.0.1:0", "--data", _dir, "--rate", "0", "--accounts", "1", "--bot", "echo");
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = new LineWriter();
        var pump = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                await output.WriteLineAsync(line);
            }
        });
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await output.WaitForLineAsync(l => l.Contains(" received from wxid_", StringComparison.Ordinal) && l.EndsWith(": ping", StringComparison.Ordinal), Deadline, process.WaitForExitAsync());
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var deadline = new CancellationTokenSource(Deadline);
            await process.WaitForExitAsync(deadline.Token);
            await pump;
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
            Assert.Equal("stopped", output.Lines[^1]);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task A_second_demo_on_the_same_data_folder_refuses_while_the_first_goes_on()
    {
        var options = new Demo.DemoOptions { DataDirectory = _dir, Urls = "http://127.0.0.1:0", Accounts = 1, Rate = 0, Pacing = false };
        await using var first = await Demo.DemoHost.StartAsync(options);

        var output = new LineWriter();
        var error = new LineWriter();
        var code = await CliApp.RunAsync(
            ["demo", "--urls", "http://127.0.0.1:0", "--data", _dir, "--rate", "0", "--accounts", "1"],
            new StringReader(string.Empty), output, error, CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal(1, code);
        var line = Assert.Single(error.Lines);
        Assert.StartsWith($"wequick demo: the data folder {_dir} is in use by another gateway (pid {Environment.ProcessId}, {first.BaseUrl.ToString().TrimEnd('/')})", line, StringComparison.Ordinal);
        using var still = await first.Http.GetAsync($"api/v1/accounts/{first.Account}");
        Assert.Equal(200, (int)still.StatusCode);
    }

    [Fact]
    public async Task A_bad_option_is_a_usage_error()
    {
        var output = new LineWriter();
        var error = new LineWriter();
        var code = await CliApp.RunAsync(["demo", "--accounts", "0"], new StringReader(string.Empty), output, error, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("--accounts must be a whole number from 1 to 50", error.Lines.Single(), StringComparison.Ordinal);

        var unknownBot = new LineWriter();
        Assert.Equal(2, await CliApp.RunAsync(["demo", "--bot", "parrot"], new StringReader(string.Empty), output, unknownBot, CancellationToken.None));
        Assert.Contains("--bot must be echo, got 'parrot'", unknownBot.Lines.Single(), StringComparison.Ordinal);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!await condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    [GeneratedRegex("^  curl -sS -X POST '(?<url>[^']+)' -H 'Authorization: Bearer (?<key>[^']+)' -H 'Content-Type: application/json' -d '(?<body>[^']+)'$")]
    private static partial Regex CurlPattern();

    /// <summary>Console output a test can watch line by line while the command runs.</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly Lock _gate = new();
        private readonly StringBuilder _partial = new();
        private readonly List<string> _lines = [];
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Encoding Encoding => Encoding.UTF8;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_gate)
                {
                    return [.. _lines];
                }
            }
        }

        public override void Write(char value)
        {
            TaskCompletionSource? changed = null;
            lock (_gate)
            {
                if (value == '\n')
                {
                    _lines.Add(_partial.ToString().TrimEnd('\r'));
                    _partial.Clear();
                    changed = _changed;
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                else
                {
                    _partial.Append(value);
                }
            }

            changed?.TrySetResult();
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? string.Empty)
            {
                Write(c);
            }
        }

        public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, Task running)
        {
            using var deadline = new CancellationTokenSource(timeout);
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (_lines.FirstOrDefault(match) is { } line)
                    {
                        return line;
                    }

                    changed = _changed.Task;
                }

                if (running.IsCompleted)
                {
                    throw new InvalidOperationException("the command ended first:\n" + string.Join('\n', Lines));
                }

                try
                {
                    await Task.WhenAny(changed, running).WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException("no such line within the deadline; output so far:\n" + string.Join('\n', Lines));
                }
            }
        }
    }

    /// <summary>Standard input that yields the lines a test types, and waits in between.</summary>
    private sealed class TypedInput : TextReader
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        public void Type(string line) => _lines.Writer.TryWrite(line);

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
            await _lines.Reader.WaitToReadAsync(cancellationToken) && _lines.Reader.TryRead(out var line) ? line : null;
    }
}
