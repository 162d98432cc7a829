using System.Diagnostics;
using System.Text.Json;

namespace WeQuick.Cli.Tests;

/// <summary><c>wequick decode</c>, driven in-process through <see cref="CliApp.RunAsync"/> with in-memory streams.</summary>
public sealed class DecodeCommandTests : IDisposable
{
    private static readonly string SpecExamples = Path.Combine(AppContext.BaseDirectory, "Fixtures", "spec-report-examples.txt");

    private readonly string _dir = Directory.CreateTempSubdirectory("wequick-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed record Run(int ExitCode, string[] Out, string[] Error)
    {
        public string Summary => Out[^1];

        public string[] Documents => Out[..^1];
    }

    private static async Task<Run> RunAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, input, output, error);
        return new Run(code, Lines(output.ToString()), Lines(error.ToString()));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    private string Capture(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    [Fact]
    public async Task Every_report_example_of_the_spec_decodes_with_no_unknown_and_no_error()
    {
        var run = await RunAsync("", "decode", SpecExamples);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("decoded 31, unknown 0, errors 0", run.Summary);
        Assert.Empty(run.Error);
        Assert.Equal(31, run.Documents.Length);
        foreach (var line in run.Documents)
        {
            using var doc = JsonDocument.Parse(line);
            var names = doc.RootElement.EnumerateObject().Select(p => p.Name).Take(2).ToArray();
            Assert.Equal(["kind", "account"], names);
            Assert.Equal(JsonValueKind.String, doc.RootElement.GetProperty("kind").ValueKind);
            Assert.True(doc.RootElement.GetProperty("account").ValueKind is JsonValueKind.String or JsonValueKind.Null);
        }

        var kinds = run.Documents.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()).ToList();
        Assert.Equal(2, kinds.Count(k => k == "resLogout"));
        Assert.Equal(2, kinds.Count(k => k == "ack"));
        Assert.Contains("reportMiniMessage", kinds);
    }

    [Fact]
    public async Task A_capture_with_a_broken_line_reports_it_by_line_number_and_exits_1()
    {
        var path = Capture(
            "mixed.log",
            """{"data":{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"msgType":"1","myMsg":"0","roomWxid":null,"wxidFrom":"wxid_peer","wxidTo":"wxid_me","message":"你好\uE04C"}}}}""",
            "",
            """{"data":{"action":"reportTextMessage","cwxid":""",
            """{"action":"reportRedPacket","cwxid":"wxid_me","data":{"amount":"0.01"}}""");
        var run = await RunAsync("", "decode", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("decoded 1, unknown 1, errors 1", run.Summary);
        var error = Assert.Single(run.Error);
        Assert.StartsWith("line 3: the body is not valid JSON", error, StringComparison.Ordinal);

        Assert.Equal(2, run.Documents.Length);
        using var text = JsonDocument.Parse(run.Documents[0]);
        Assert.Equal("reportTextMessage", text.RootElement.GetProperty("kind").GetString());
        Assert.Equal("wxid_me", text.RootElement.GetProperty("account").GetString());
        Assert.Equal("你好\uE04C", text.RootElement.GetProperty("message").GetString());
        Assert.Equal("wxid_peer", text.RootElement.GetProperty("conversationId").GetString());
        using var unknown = JsonDocument.Parse(run.Documents[1]);
        Assert.Equal("reportRedPacket", unknown.RootElement.GetProperty("kind").GetString());
        Assert.Equal("0.01", unknown.RootElement.GetProperty("data").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task A_report_before_login_has_account_null()
    {
        var run = await RunAsync("""{"data":{"action":"loginStatus","cwxid":null,"data":{"code":"0"}}}""", "decode", "-");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"kind":"loginStatus","account":null,"code":0,"loggedIn":false}""", Assert.Single(run.Documents));
    }

    [Fact]
    public async Task Command_arrays_with_placeholders_decode_with_the_commands_flag()
    {
        var path = Capture(
            "send_msg.log",
            "[{}]",
            "[[]]",
            """[{"api":"sendTextMessage","sendId":"1","option":{"wxid":"wxid_a","text":"你好"}},{"api":"getContacts","sendId":"2","option":{"flag":"7"}}]""",
            "[]",
            "[null]",
            """[{"api":"sendRedPacket","sendId":"3","option":{}}]""");
        var run = await RunAsync("", "decode", "--commands", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("decoded 2, unknown 1, errors 0", run.Summary);
        Assert.Equal(["sendTextMessage", "getContact", "sendRedPacket"], run.Documents.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()));
        using var text = JsonDocument.Parse(run.Documents[0]);
        Assert.Equal("1", text.RootElement.GetProperty("sendId").GetString());
        Assert.Equal("你好", text.RootElement.GetProperty("text").GetString());
        using var contacts = JsonDocument.Parse(run.Documents[1]);
        Assert.Equal(7, contacts.RootElement.GetProperty("flag").GetInt32());

        // Placeholders are not errors, but each one is noted with its line.
        Assert.Equal(3, run.Error.Length);
        Assert.StartsWith("line 1: entry 0 skipped: an empty {} placeholder", run.Error[0], StringComparison.Ordinal);
        Assert.StartsWith("line 2: entry 0 skipped: an empty [] placeholder", run.Error[1], StringComparison.Ordinal);
        Assert.StartsWith("line 5: entry 0 skipped: a null placeholder", run.Error[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_command_array_is_an_error_with_its_line()
    {
        var run = await RunAsync("[]\n[{\"api\":\n", "decode", "--commands");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("decoded 0, unknown 0, errors 1", run.Summary);
        Assert.StartsWith("line 2:", Assert.Single(run.Error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-")]
    [InlineData(null)]
    public async Task Standard_input_is_read_with_a_dash_or_without_a_file(string? dash)
    {
        var stdin = File.ReadAllText(SpecExamples);
        var run = await RunAsync(stdin, dash is null ? ["decode"] : ["decode", dash]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("decoded 31, unknown 0, errors 0", run.Summary);
    }

    [Fact]
    public async Task A_missing_file_exits_2_and_says_so()
    {
        var missing = Path.Combine(_dir, "nope.log");
        var run = await RunAsync("", "decode", missing);
        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Equal($"wequick decode: no such file: {missing}", Assert.Single(run.Error));
    }

    [Fact]
    public async Task An_unknown_option_exits_2_and_names_it()
    {
        var run = await RunAsync("", "decode", "--comands", SpecExamples);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--comands", Assert.Single(run.Error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_files_are_refused()
    {
        var run = await RunAsync("", "decode", SpecExamples, SpecExamples);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("one FILE", Assert.Single(run.Error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_capture_decodes_nothing_and_succeeds()
    {
        var run = await RunAsync("\n\n", "decode");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("decoded 0, unknown 0, errors 0", Assert.Single(run.Out));
    }

    [Fact]
    public async Task The_real_wequick_executable_decodes_a_capture_file()
    {
        var start = WequickProcess.StartInfo("decode", SpecExamples);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        var output = Lines(await stdout);

        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal("decoded 31, unknown 0, errors 0", output[^1]);
        Assert.Equal(32, output.Length);
        using var first = JsonDocument.Parse(output[0]);
        Assert.Equal("resLogout", first.RootElement.GetProperty("kind").GetString());
    }
}
