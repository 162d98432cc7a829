using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WeQuick.Protocol;

namespace WeQuick.Samples.Tests;

/// <summary>The README's promises to a newcomer: its commands, its bot example, and its table of every kind.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Root = FindRoot();

    private static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    [Fact]
    public void The_first_commands_are_the_demo_and_the_tests_and_CI_runs_the_same_test_command()
    {
        var first = CodeBlocks("sh").First();
        Assert.Equal(["dotnet run --project src/WeQuick.Cli -- demo", "dotnet test WeQuick.slnx"], first.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var ci = File.ReadAllLines(Path.Combine(Root, ".ci", "run")).Where(l => l.StartsWith("dotnet ", StringComparison.Ordinal));
        Assert.Equal(["dotnet test WeQuick.slnx"], ci);
    }

    [Fact]
    public void The_bot_example_compiles_as_it_stands_and_is_about_ten_lines()
    {
        var code = Assert.Single(CodeBlocks("csharp"));
        Assert.InRange(code.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, 5, 12);

        // What `dotnet new console` adds implicitly, so the block compiles exactly as a Program.cs would.
        const string implicitUsings = "global using System; global using System.IO; global using System.Collections.Generic; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "ReadmeBot",
            [CSharpSyntaxTree.ParseText(implicitUsings, parse), CSharpSyntaxTree.ParseText(code, parse, path: "Program.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var result = compilation.Emit(output);

        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(result.Success && problems.Count == 0, "the README's bot does not compile cleanly:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void The_kind_table_has_a_supported_and_tested_row_for_every_report_and_command()
    {
        // Every kind of both generations is supported end to end and tested; a command only the second generation has
        // says how a developer reaches it: API (a typed endpoint and an SDK method) or commands (POST /api/v1/commands).
        var rows = TableRow().Matches(Readme).ToDictionary(m => m.Groups["kind"].Value, m => m.Groups["supported"].Value, StringComparer.Ordinal);
        var kinds = ProtocolRegistry.Reports.Select(k => (Kind: k.Action, k.Generations, Command: false))
            .Concat(ProtocolRegistry.Commands.Select(k => (Kind: k.Api, k.Generations, Command: true)));
        var wrong = new List<string>();
        foreach (var (kind, generations, command) in kinds)
        {
            string[] allowed = command && generations == InterfaceGenerations.V2 ? ["API", "commands"] : ["yes"];
            if (!rows.TryGetValue(kind, out var supported) || !allowed.Contains(supported))
            {
                wrong.Add($"{kind} ({(supported is null ? "no row" : supported)}; wants {string.Join(" or ", allowed)})");
            }
        }

        Assert.True(wrong.Count == 0, "README's kind tables lack a `| supported | yes |` row for: " + string.Join(", ", wrong));
    }

    private static IEnumerable<string> CodeBlocks(string language) =>
        CodeBlock().Matches(Readme.Replace("\r\n", "\n", StringComparison.Ordinal))
            .Where(m => m.Groups["lang"].Value == language)
            .Select(m => m.Groups["code"].Value);

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

    [GeneratedRegex("^```(?<lang>[a-z]*)\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"^\| `(?<kind>[A-Za-z]+)` \|.*\| (?<supported>yes|API|commands) \| yes \|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
