using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WeQuick.Cli.Tests;

/// <summary>
/// A newcomer's first hour, as a stranger to this repository would live it: the <c>wequick</c> tool and the
/// <c>WeQuick.Sdk</c> package packed into one folder, the tool installed from it and its demo run, a key made with
/// the command the README prints and used at once, and the README's ten-line bot, in a folder of its own that gets
/// the SDK as a package, answering a friend on the demo. And the single-file binaries, run as they come out.
/// Everything is built from a copy of the sources in a temporary folder, so no build here touches the projects
/// this test run is built from.
/// </summary>
public sealed partial class InstallTests(PackedSources sources) : IClassFixture<PackedSources>
{
    /// <summary>The deadline of one pack, publish or build: 8 minutes (under the 15 of a hung test in this project), or WEQUICK_TEST_BUILD_MINUTES on a slower machine.</summary>
    internal static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(
        double.TryParse(Environment.GetEnvironmentVariable("WEQUICK_TEST_BUILD_MINUTES"), System.Globalization.CultureInfo.InvariantCulture, out var minutes) && minutes > 0 ? minutes : 8);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_new_user_installs_the_tool_and_the_sdk_from_the_packed_folder_and_the_readme_bot_answers_on_the_demo()
    {
        var (feed, version) = await sources.PackAsync();
        Assert.True(File.Exists(Path.Combine(feed, $"wequick.{version}.nupkg")), "no tool package in " + feed);
        Assert.True(File.Exists(Path.Combine(feed, $"WeQuick.Sdk.{version}.nupkg")), "no SDK package in " + feed);
        Assert.True(File.Exists(Path.Combine(feed, $"WeQuick.Protocol.{version}.nupkg")), "no protocol package in " + feed);

        // The tool, installed from the folder, is a `wequick` command.
        var tools = sources.NewFolder("tools");
        await ChildProcess.DotnetAsync(sources.Root, BuildDeadline, "tool", "install", "wequick", "--tool-path", tools, "--add-source", feed, "--version", version);
        var wequick = Path.Combine(tools, OperatingSystem.IsWindows() ? "wequick.exe" : "wequick");
        var help = await ChildProcess.RunAsync(wequick, ["--help"], sources.Root, Deadline);
        Assert.Contains(help.Output, l => l.TrimStart().StartsWith("demo ", StringComparison.Ordinal));

        // The demo from the installed tool, in the user's own folder (its data goes to ./data/demo there), with the
        // EchoBot sample the tool carries inside it.
        var home = sources.NewFolder("home");
        await using var demo = ChildProcess.Start(wequick, ["demo", "--urls", "http://127.0.0.1:0", "--rate", "0", "--accounts", "1", "--no-pacing", "--bot", "echo"], home);
        ChildProcess? bot = null;
        try
        {
            var curl = await demo.WaitForLineAsync(l => l.StartsWith("  curl -sS -X POST", StringComparison.Ordinal), Deadline);
            var printed = CurlPattern().Match(curl);
            Assert.True(printed.Success, "unexpected curl line: " + curl);
            var messages = new Uri(printed.Groups["url"].Value);
            var gateway = new Uri(messages.GetLeftPart(UriPartial.Authority) + "/");
            var account = Regex.Match(messages.AbsolutePath, "/api/v1/accounts/(?<wxid>[^/]+)/messages").Groups["wxid"].Value;
            var friend = JsonDocument.Parse(printed.Groups["body"].Value).RootElement.GetProperty("to").GetString()!;
            await demo.WaitForLineAsync(l => l.StartsWith("EchoBot runs", StringComparison.Ordinal), Deadline);
            Assert.True(File.Exists(Path.Combine(home, "data", "demo", "demo-api-key")), "the demo keeps its data in ./data/demo");

            // The key command exactly as the README prints it, run with the installed tool in the same folder: it
            // finds the demo's data folder by itself.
            var keyArgs = ReadmeKeysCreate().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var created = await ChildProcess.RunAsync(wequick, keyArgs, home, Deadline);
            var key = Assert.Single(created.Output, l => l.StartsWith("wqk_", StringComparison.Ordinal));
            Assert.Contains(created.Error, l => l.Contains("the gateway running there", StringComparison.Ordinal));

            // The new key works at once: a send answers 2xx.
            using var http = new HttpClient { BaseAddress = gateway, Timeout = Deadline };
            using (var send = new HttpRequestMessage(HttpMethod.Post, $"api/v1/accounts/{account}/messages?wait=10"))
            {
                send.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                send.Content = new StringContent(JsonSerializer.Serialize(new { type = "text", to = friend, text = "sent with a new key" }), Encoding.UTF8, "application/json");
                using var sent = await http.SendAsync(send);
                Assert.True(sent.IsSuccessStatusCode, $"send with the new key: {(int)sent.StatusCode} {await sent.Content.ReadAsStringAsync()}");
            }

            await demo.WaitForLineAsync(l => l.Contains($"{friend} (", StringComparison.Ordinal) && l.EndsWith($"received from {account}: sent with a new key", StringComparison.Ordinal), Deadline);

            // The README's bot in a new folder that knows nothing of this repository: a console project that gets
            // the SDK from the packed folder.
            var project = Path.Combine(sources.NewFolder("newcomer"), "MyBot");
            await ChildProcess.DotnetAsync(sources.Root, BuildDeadline, "new", "console", "--name", "MyBot", "--output", project);
            await ChildProcess.DotnetAsync(project, BuildDeadline, "add", "package", "WeQuick.Sdk", "--version", version, "--source", feed);
            Assert.Contains($"Include=\"WeQuick.Sdk\" Version=\"{version}\"", await File.ReadAllTextAsync(Path.Combine(project, "MyBot.csproj")), StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), ReadmeBot());
            var output = Path.Combine(project, "out");
            await ChildProcess.DotnetAsync(project, BuildDeadline, "build", "--output", output, "-nodeReuse:false");

            bot = ChildProcess.Start(ChildProcess.Dotnet, [Path.Combine(output, "MyBot.dll")], project, new Dictionary<string, string>
            {
                ["WEQUICK_URL"] = gateway.ToString(),
                ["WEQUICK_KEY"] = key,
            });
            await bot.WaitForLineAsync(l => l.Contains("Event stream connected to", StringComparison.Ordinal), Deadline);

            // The friend says ping (a line typed into the demo); the bot answers pong (the demo prints what the
            // friend receives), next to EchoBot's echo.
            await demo.TypeAsync("ping");
            await demo.WaitForLineAsync(l => l.Contains($"] {friend} (", StringComparison.Ordinal) && l.EndsWith($"received from {account}: pong", StringComparison.Ordinal), Deadline);
            Assert.DoesNotContain(bot.Output, l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("warn:", StringComparison.Ordinal));
            await bot.DisposeAsync();
            bot = null;

            Assert.Equal(0, await demo.TerminateAsync(Deadline));
            Assert.Equal("stopped", demo.Output[^1]);
        }
        finally
        {
            if (bot is not null)
            {
                await bot.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_single_file_publishes_run_on_linux_and_are_a_windows_executable_for_windows()
    {
        var root = await sources.CopyAsync();

        // linux-x64: one self-contained file that runs without the .NET runtime being asked for.
        var linux = Path.Combine(sources.NewFolder("publish"), "linux-x64");
        await ChildProcess.DotnetAsync(root, BuildDeadline, sources.Publish("linux-x64", linux));
        var binary = Path.Combine(linux, "wequick");
        Assert.True(File.Exists(binary), "no wequick in " + linux);
        Assert.Empty(Beside(linux, "wequick"));
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64)
        {
            var noRuntime = new Dictionary<string, string> { ["DOTNET_ROOT"] = Path.Combine(linux, "no-dotnet-here") };
            var help = await ChildProcess.RunAsync(binary, ["--help"], linux, Deadline, noRuntime);
            Assert.Contains(help.Output, l => l.TrimStart().StartsWith("decode ", StringComparison.Ordinal));

            var examples = Path.Combine(AppContext.BaseDirectory, "Fixtures", "spec-report-examples.txt");
            var decoded = await ChildProcess.RunAsync(binary, ["decode", examples], linux, Deadline, noRuntime);
            Assert.Equal("decoded 31, unknown 0, errors 0", decoded.Output[^1]);

            // SQLite's native library is inside the file too: a key is made and listed in a new data folder.
            var data = sources.NewFolder("single-file-data");
            var created = await ChildProcess.RunAsync(binary, ["keys", "create", "--scope", "read", "--name", "single-file", "--data", data], linux, Deadline, noRuntime);
            Assert.StartsWith("wqk_", created.Output.Single(), StringComparison.Ordinal);
            var listed = await ChildProcess.RunAsync(binary, ["keys", "list", "--data", data], linux, Deadline, noRuntime);
            Assert.Contains(listed.Output, l => l.Contains(" single-file ", StringComparison.Ordinal) && l.Contains(" read ", StringComparison.Ordinal));
        }

        // win-x64, for the machine that runs WeChat: a Windows executable (it cannot run here).
        var windows = Path.Combine(sources.NewFolder("publish"), "win-x64");
        await ChildProcess.DotnetAsync(root, BuildDeadline, sources.Publish("win-x64", windows));
        var exe = Path.Combine(windows, "wequick.exe");
        Assert.True(File.Exists(exe), "no wequick.exe in " + windows);
        var header = new byte[2];
        await using (var file = File.OpenRead(exe))
        {
            await file.ReadExactlyAsync(header);
        }

        Assert.Equal("MZ"u8.ToArray(), header);
        Assert.Empty(Beside(windows, "wequick.exe"));
    }

    /// <summary>Code beside the single file (assemblies, native libraries, executables): there should be none.</summary>
    private static List<string> Beside(string folder, string single) =>
        Directory.GetFiles(folder).Select(f => Path.GetFileName(f))
            .Where(f => f != single && (f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".so", StringComparison.Ordinal) || f.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) || !f.Contains('.', StringComparison.Ordinal)))
            .ToList();

    /// <summary>README's <c>wequick keys create …</c> line, without the <c>wequick</c>.</summary>
    private static string ReadmeKeysCreate()
    {
        var match = Regex.Match(PackedSources.Readme(), "`wequick (?<args>keys create [^`]+)`");
        Assert.True(match.Success, "README prints no `wequick keys create …` command");
        return match.Groups["args"].Value;
    }

    /// <summary>README's "A bot in ten lines", as it stands.</summary>
    private static string ReadmeBot()
    {
        var match = Regex.Match(PackedSources.Readme().Replace("\r\n", "\n", StringComparison.Ordinal), "^## A bot in ten lines\n\n```csharp\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(match.Success, "README has no bot in ten lines");
        return match.Groups["code"].Value;
    }

    [GeneratedRegex("^  curl -sS -X POST '(?<url>[^']+)' -H 'Authorization: Bearer (?<key>[^']+)' -H 'Content-Type: application/json' -d '(?<body>[^']+)'$")]
    private static partial Regex CurlPattern();
}

/// <summary>
/// A copy of the repository's sources (the solution, <c>src/</c> and <c>samples/</c>, without build output) in a
/// temporary folder, and the packages packed from it once for the class, with a version of their own.
/// </summary>
public sealed class PackedSources : IDisposable
{
    private static readonly string RepositoryRoot = FindRoot();

    /// <summary>
    /// Build options of every pack and publish here: no MSBuild node left behind, and no analyzers (the
    /// repository's own build runs them on the same sources; here what counts is what comes out), which saves
    /// CI a third of the compile time.
    /// </summary>
    private static readonly string[] Quick = ["-nodeReuse:false", "-p:RunAnalyzers=false"];
    private Task<string>? _copy;
    private Task<(string Feed, string Version)>? _packed;

    public PackedSources()
    {
        // A prerelease label of this run: a package of an earlier run in the NuGet cache is never taken for this one.
        Version = $"{VersionPrefix()}-{Suffix}";
    }

    /// <summary>The temporary folder everything goes into; deleted at the end.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("wequick-install-tests-").FullName;

    public string Suffix { get; } = "test." + DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Version { get; }

    public static string Readme() => File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));

    /// <summary>A new empty folder under <see cref="Root"/>, outside the copy of the sources.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    /// <summary>The copy of the sources, made on first use.</summary>
    public Task<string> CopyAsync() => _copy ??= Task.Run(Copy);

    /// <summary>The folder with the three packages (the tool, the SDK, the protocol library) and their version.</summary>
    public Task<(string Feed, string Version)> PackAsync() => _packed ??= PackCoreAsync();

    /// <summary>The arguments of the single-file publish for <paramref name="rid"/>, with the packages' version, so the libraries built for them are reused.</summary>
    public string[] Publish(string rid, string output) =>
        ["publish", "src/WeQuick.Cli", "-c", "Release", "-r", rid, "--self-contained", "-p:PublishSingleFile=true", "--version-suffix", Suffix, "--output", output, .. Quick];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task<(string Feed, string Version)> PackCoreAsync()
    {
        var root = await CopyAsync();
        var feed = Path.Combine(Root, "feed");
        // The tool builds every project it needs; the two libraries are packed from that same build.
        foreach (var (project, build) in new[] { ("src/WeQuick.Cli", true), ("src/WeQuick.Sdk", false), ("src/WeQuick.Protocol", false) })
        {
            string[] args = ["pack", project, "-c", "Release", "--version-suffix", Suffix, "--output", feed, .. Quick];
            await ChildProcess.DotnetAsync(root, InstallTests.BuildDeadline, build ? args : [.. args, "--no-build"]);
        }

        return (feed, Version);
    }

    private string Copy()
    {
        var target = Path.Combine(Root, "sources");
        foreach (var file in new[] { "WeQuick.slnx", "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig" })
        {
            var from = Path.Combine(RepositoryRoot, file);
            if (File.Exists(from))
            {
                Directory.CreateDirectory(target);
                File.Copy(from, Path.Combine(target, file));
            }
        }

        foreach (var folder in new[] { "src", "samples" })
        {
            CopyTree(new DirectoryInfo(Path.Combine(RepositoryRoot, folder)), Path.Combine(target, folder));
        }

        return target;
    }

    private static void CopyTree(DirectoryInfo from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in from.EnumerateFiles())
        {
            file.CopyTo(Path.Combine(to, file.Name));
        }

        foreach (var dir in from.EnumerateDirectories().Where(d => d.Name is not ("bin" or "obj")))
        {
            CopyTree(dir, Path.Combine(to, dir.Name));
        }
    }

    private static string VersionPrefix()
    {
        var match = Regex.Match(File.ReadAllText(Path.Combine(RepositoryRoot, "Directory.Build.props")), "<VersionPrefix>(?<v>[^<]+)</VersionPrefix>");
        Assert.True(match.Success, "Directory.Build.props sets no VersionPrefix");
        return match.Groups["v"].Value;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WeQuick.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("no WeQuick.slnx above " + AppContext.BaseDirectory);
    }
}
