using System.Diagnostics;
using System.Text;

namespace WeQuick.Cli.Tests;

/// <summary>
/// A program a test starts as a user would (the .NET CLI, an installed tool, a published binary), with its output
/// kept line by line, a deadline on every wait, and an end by its process id when the test is done with it.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _output = [];
    private readonly List<string> _error = [];
    private readonly Task _pumps;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, string description)
    {
        _process = process;
        Description = description;
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput, _output), PumpAsync(process.StandardError, _error));
    }

    /// <summary>The command line, for messages.</summary>
    public string Description { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_gate)
            {
                return [.. _output];
            }
        }
    }

    public IReadOnlyList<string> Error
    {
        get
        {
            lock (_gate)
            {
                return [.. _error];
            }
        }
    }

    /// <summary>The <c>dotnet</c> this test runs on (the host <c>dotnet test</c> names), else the one on the PATH.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// Starts <paramref name="file"/> in <paramref name="directory"/>. The environment is this process's without what
    /// <c>dotnet test</c> sets for its own MSBuild and test host (a child's build must find its own), plus <paramref name="environment"/>.
    /// </summary>
    public static ChildProcess Start(string file, IEnumerable<string> args, string directory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // No MSBuild worker node or compiler server outlives the command that started it.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        return new ChildProcess(process, $"{Path.GetFileName(file)} {string.Join(' ', args)}");
    }

    /// <summary>Runs a command to its end within <paramref name="deadline"/>, and fails the test unless it exits 0.</summary>
    public static async Task<ChildProcess> RunAsync(string file, IEnumerable<string> args, string directory, TimeSpan deadline, IReadOnlyDictionary<string, string>? environment = null)
    {
        var child = Start(file, args, directory, environment);
        try
        {
            child._process.StandardInput.Close();
            var code = await child.WaitForExitAsync(deadline);
            Assert.True(code == 0, $"{child.Description} exited {code}:\n{child.Transcript()}");
            return child;
        }
        finally
        {
            await child.DisposeAsync();
        }
    }

    /// <summary>The .NET CLI with <paramref name="args"/>, to its end within <paramref name="deadline"/>.</summary>
    public static Task<ChildProcess> DotnetAsync(string directory, TimeSpan deadline, params string[] args) =>
        RunAsync(Dotnet, args, directory, deadline);

    public Task TypeAsync(string line) => _process.StandardInput.WriteLineAsync(line);

    /// <summary>Waits for its exit; kills it (by its id, with its children) and fails when the deadline passes first.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Description} did not end within {deadline}:\n{Transcript()}");
        }

        await _pumps.WaitAsync(deadline);
        return _process.ExitCode;
    }

    /// <summary>The first line of standard output that matches, once it is there; fails if the process ends first or the deadline passes.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_output.FirstOrDefault(match) is { } line)
                {
                    return line;
                }

                changed = _changed.Task;
            }

            if (_pumps.IsCompleted)
            {
                throw new InvalidOperationException($"{Description} ended without such a line:\n{Transcript()}");
            }

            try
            {
                await Task.WhenAny(changed, _pumps).WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Description}: no such line within {deadline}:\n{Transcript()}");
            }
        }
    }

    /// <summary>Asks it to stop as Ctrl-C or <c>docker stop</c> would (SIGTERM), and waits for its exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan deadline)
    {
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(deadline);
    }

    /// <summary>What it printed so far, both streams, for a failure's message.</summary>
    public string Transcript() =>
        "--- stdout\n" + string.Join('\n', Output.TakeLast(60)) + "\n--- stderr\n" + string.Join('\n', Error.TakeLast(60));

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await _pumps.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }

        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended in between.
        }
    }

    private async Task PumpAsync(StreamReader reader, List<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            TaskCompletionSource changed;
            lock (_gate)
            {
                lines.Add(line);
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }
    }
}
