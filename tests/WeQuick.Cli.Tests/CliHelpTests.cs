using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace WeQuick.Cli.Tests;

/// <summary>
/// What a newcomer meets first: help on every command, a typo answered with the right name, the version, a busy port
/// said in one line, progress on long work, and shell completion, all through the real entry point.
/// </summary>
public sealed class CliHelpTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _dir = Directory.CreateTempSubdirectory("wequick-cli-help-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed record Run(int ExitCode, string Out, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }

    private static async Task<Run> RunAsync(params string[] args) => await RunAsync(new StringReader(string.Empty), TimeProvider.System, args);

    private static async Task<Run> RunAsync(TextReader stdin, TimeProvider time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(stdin, output, error) { Time = time }, CancellationToken.None).WaitAsync(Deadline);
        return new Run(code, output.ToString(), error.ToString());
    }

    /// <summary>Each command and the options a user reads about in the docs: the help must name every one.</summary>
    public static TheoryData<string, string[]> Commands() => new()
    {
        { "", ["--help", "--version", "agent", "completion", "decode", "demo", "keys", "rebuild", "serve"] },
        {
            "agent",
            ["--receive", "--send", "--backend", "--backend-assembly", "--quirks", "--poll-interval", "--duration", "--progress", "--log-level",
             "--accounts", "--seed", "--room-size", "--logged-out", "--auto-scan", "--rate", "--mix", "--scenario"]
        },
        { "completion", ["SHELL"] },
        { "decode", ["FILE", "--commands", "--progress"] },
        { "demo", ["--urls", "--data", "--accounts", "--seed", "--rate", "--no-pacing", "--bot", "--duration"] },
        { "keys", ["create", "list", "revoke", "--data"] },
        { "keys create", ["--scope", "--name", "--data"] },
        { "keys list", ["--data"] },
        { "keys revoke", ["ID|NAME", "--data"] },
        { "rebuild", ["--data", "--progress"] },
        { "serve", ["--urls", "--data"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_on_every_command_exits_0_and_names_every_option_with_examples_and_exit_codes(string path, string[] names)
    {
        string[] words = path.Length == 0 ? [] : path.Split(' ');
        foreach (var help in new[] { "--help", "-h" })
        {
            var run = await RunAsync([.. words, help]);
            Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");
            Assert.Empty(run.Error);
            Assert.Contains("Usage:", run.Out, StringComparison.Ordinal);
            Assert.Contains("Exit codes:", run.Out, StringComparison.Ordinal);
            Assert.Contains("2  usage", run.Out, StringComparison.Ordinal);
            foreach (var name in names)
            {
                Assert.Contains(name, run.Out, StringComparison.Ordinal);
            }

            // And every option the command really has, so an option added later cannot hide from the help.
            var command = Find(CliCommands.Build(new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null)), words);
            foreach (var option in command.Options)
            {
                Assert.Contains(option.Name, run.Out, StringComparison.Ordinal);
            }

            if (words.Length > 0)
            {
                Assert.Contains("Examples:", run.Out, StringComparison.Ordinal);
                Assert.Contains($"wequick {path}", run.Out, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Help_shows_the_defaults()
    {
        var run = await RunAsync("demo", "--help");
        Assert.Contains("[default: 3]", run.Out, StringComparison.Ordinal);
        Assert.Contains("[default: http://127.0.0.1:8080]", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_option_gets_the_right_name_and_exit_2()
    {
        var run = await RunAsync("serve", "--url", "http://127.0.0.1:0");
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("wequick serve: unknown option '--url' (did you mean --urls?)", line, StringComparison.Ordinal);
        Assert.EndsWith("see 'wequick serve --help'", line, StringComparison.Ordinal);
        Assert.Empty(run.Out);

        var decode = await RunAsync("decode", "--comands", Path.Combine(_dir, "capture.log"));
        Assert.Equal(2, decode.ExitCode);
        Assert.Contains("unknown option '--comands' (did you mean --commands?)", Assert.Single(decode.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_command_gets_the_right_name_and_exit_2()
    {
        var run = await RunAsync("serv");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("wequick: unknown command 'serv' (did you mean serve?)", Assert.Single(run.ErrorLines), StringComparison.Ordinal);

        var keys = await RunAsync("keys", "revok", "x");
        Assert.Equal(2, keys.ExitCode);
        Assert.Contains("unknown command 'revok' (did you mean revoke?)", keys.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_option_given_twice_is_one_line_naming_it()
    {
        var run = await RunAsync("rebuild", "--data", "a", "--data", "b");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("wequick rebuild: Option '--data' expects a single argument but 2 were provided; see 'wequick rebuild --help'", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task A_group_without_its_command_says_which_there_are()
    {
        var run = await RunAsync("keys");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("wequick keys: say which command: create, list, revoke", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version_of_wequick()
    {
        var run = await RunAsync("--version");
        Assert.Equal(0, run.ExitCode);
        var expected = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(expected, run.Out.Trim());
        Assert.Matches("^[0-9]+\\.[0-9]+\\.[0-9]+", run.Out);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("demo")]
    public async Task A_busy_port_is_one_clear_line_without_a_stack_trace_and_exit_1(string command)
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var address = $"http://127.0.0.1:{port}";

        // The real executable: the host's own log goes to the process's streams, which only a process shows.
        var (code, output, error) = await RunProcessAsync(command, "--urls", address, "--data", Path.Combine(_dir, command));
        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"wequick {command}: {address} is already in use", line, StringComparison.Ordinal);
        Assert.Contains("--urls", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_that_is_no_address_is_one_clear_line_and_exit_1()
    {
        var (code, output, error) = await RunProcessAsync("serve", "--urls", "localhost8080", "--data", Path.Combine(_dir, "serve"));
        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("wequick serve: Invalid url: 'localhost8080': --urls takes addresses like http://127.0.0.1:8080", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Out, string Error)> RunProcessAsync(params string[] args)
    {
        using var process = Process.Start(WequickProcess.StartInfo(args))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(Deadline))
        {
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
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Decode_with_progress_reports_on_stderr_and_keeps_stdout_for_the_documents()
    {
        var lines = Enumerable.Range(1, 30).Select(i => $$"""{"type":"report","wxid":"wxid_me","pid":{{i}}}""");
        var capture = Path.Combine(_dir, "big.log");
        await File.WriteAllLinesAsync(capture, lines);

        // A clock a second further on each time it is read: every document is a second's work.
        var quiet = await RunAsync(new StringReader(string.Empty), new SteppingClock(), "decode", capture);
        Assert.DoesNotContain("wequick decode: at line", quiet.Error, StringComparison.Ordinal);

        var run = await RunAsync(new StringReader(string.Empty), new SteppingClock(), "decode", "--progress", capture);
        Assert.Equal(quiet.ExitCode, run.ExitCode);
        Assert.Equal(quiet.Out, run.Out);
        Assert.DoesNotContain("wequick decode:", run.Out, StringComparison.Ordinal);
        var progress = run.ErrorLines.Where(l => l.StartsWith("wequick decode: at line ", StringComparison.Ordinal)).ToList();
        Assert.True(progress.Count >= 10, run.Error);
        Assert.Contains(progress, l => l.Contains(" of 30 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rebuild_with_progress_reports_on_stderr_and_keeps_stdout_for_its_result()
    {
        var data = Path.Combine(_dir, "gateway");
        Assert.Equal(0, (await RunAsync("keys", "create", "--scope", "read", "--name", "reader", "--data", data)).ExitCode);

        var run = await RunAsync("rebuild", "--data", data, "--progress");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith("rebuilt the projections from 0 events", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("replaying", run.Out, StringComparison.Ordinal);
        Assert.Contains("wequick rebuild: replaying 0 events into the projections", run.ErrorLines);

        var quiet = await RunAsync("rebuild", "--data", data);
        Assert.Empty(quiet.Error);
    }

    [Fact]
    public async Task Rebuild_progress_says_how_many_events_of_how_many_are_replayed()
    {
        var data = Path.Combine(_dir, "events");
        var store = WeQuick.Gateway.Storage.Sqlite.SqliteGatewayBuilderExtensions.OpenStore(new WeQuick.Gateway.Storage.Sqlite.SqliteStoreOptions { DataDirectory = data });
        await store.InitializeAsync(default);
        using (var session = store.OpenWriteSession())
        {
            session.Begin();
            session.BeginItem();
            for (var i = 0; i < 2500; i++)
            {
                session.AppendEvent(new WeQuick.Gateway.Storage.NewEvent("reportTextMessage", "wxid_me", null, DateTimeOffset.UnixEpoch, WeQuick.Gateway.Storage.EventSource.Client, "application/json",
                    System.Text.Encoding.UTF8.GetBytes("{\"data\":{\"action\":\"reportTextMessage\",\"cwxid\":\"wxid_me\",\"data\":{\"msg\":{\"msgType\":\"1\",\"wxidFrom\":\"wxid_f\",\"wxidTo\":\"wxid_me\",\"message\":\"m" + i + "\"}}}}")));
            }

            session.CompleteItem();
            session.Commit();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // A clock a second further on each time it is read: every page of a thousand events is a second's work.
        var run = await RunAsync(new StringReader(string.Empty), new SteppingClock(), "rebuild", "--data", data, "--progress");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith("rebuilt the projections from 2500 events", run.Out, StringComparison.Ordinal);
        Assert.Contains("wequick rebuild: replaying 2,500 events into the projections", run.ErrorLines);
        var lines = run.ErrorLines.Where(l => l.Contains("events replayed", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.StartsWith("wequick rebuild: 1,000 of 2,500 events replayed (40%)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("wequick rebuild: 2,500 of 2,500 events replayed (100%)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _wequick_complete wequick")]
    [InlineData("zsh", "compdef _wequick_complete wequick")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName wequick")]
    public async Task Completion_prints_a_script_for_each_shell_that_asks_wequick_itself(string shell, string registers)
    {
        var run = await RunAsync("completion", shell);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(registers, run.Out, StringComparison.Ordinal);
        Assert.Contains("[suggest:", run.Out, StringComparison.Ordinal);

        Assert.Equal(2, (await RunAsync("completion", "fish")).ExitCode);
    }

    [Theory]
    [InlineData("dec", "decode")]
    [InlineData("decode --", "--commands,--progress")]
    [InlineData("keys cr", "create")]
    [InlineData("keys create --scope ", "admin,read,send")]
    [InlineData("demo --bot ", "echo")]
    public async Task The_suggest_directive_the_scripts_use_completes_a_partial_line(string line, string expected)
    {
        var run = await RunAsync($"[suggest:{line.Length}]", line);
        Assert.Equal(0, run.ExitCode);
        var suggestions = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        foreach (var name in expected.Split(','))
        {
            Assert.Contains(name, suggestions);
        }
    }

    [Fact]
    public async Task The_bash_script_completes_a_partial_line_in_bash()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/bash"))
        {
            return; // The script is for bash; the directive it relies on is covered above on every system.
        }

        // A `wequick` on the PATH that is this build, as an installed tool would be.
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var start = WequickProcess.StartInfo();
        var wrapper = Path.Combine(bin, "wequick");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec '{start.FileName}' '{start.ArgumentList[0]}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var script = """
            source <(wequick completion bash)
            COMP_LINE='wequick keys create --sc'; COMP_POINT=${#COMP_LINE}
            COMP_WORDS=(wequick keys create --sc); COMP_CWORD=3
            _wequick_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var bash = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        bash.ArgumentList.Add("-c");
        bash.ArgumentList.Add(script);
        bash.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(bash)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, await error);
        Assert.Equal(["--scope"], (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static Command Find(Command root, string[] words)
    {
        var command = root;
        foreach (var word in words)
        {
            command = command.Subcommands.Single(c => c.Name == word);
        }

        return command;
    }

    /// <summary>A clock that has moved on a second each time it is read.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _now;

        public override long GetTimestamp() => Interlocked.Add(ref _now, TimestampFrequency);
    }
}
