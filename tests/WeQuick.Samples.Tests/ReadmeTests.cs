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
        var rows = TableRow().Matches(Readme).Select(m => m.Groups["kind"].Value).ToHashSet(StringComparer.Ordinal);
        // Second-generation support in the gateway, the agent and the SDK is the next step of issue 17: the kinds only
        // the second generation has are supported by the protocol library (and commands by POST /api/v1/commands), and
        // the commands marked API also by a typed endpoint and an SDK method.
        var endToEnd = ProtocolRegistry.Reports.Where(k => k.Generations.HasFlag(InterfaceGenerations.V1)).Select(k => k.Action)
            .Concat(ProtocolRegistry.Commands.Where(k => k.Generations.HasFlag(InterfaceGenerations.V1)).Select(k => k.Api));
        var missing = endToEnd.Where(k => !rows.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "README has no `| supported | tested` row for: " + string.Join(", ", missing));

        var protocolRows = ProtocolRow().Matches(Readme).Select(m => m.Groups["kind"].Value).ToHashSet(StringComparer.Ordinal);
        var secondOnly = ProtocolRegistry.Reports.Where(k => k.Generations == InterfaceGenerations.V2).Select(k => k.Action)
            .Concat(ProtocolRegistry.Commands.Where(k => k.Generations == InterfaceGenerations.V2).Select(k => k.Api))
            .Where(k => !protocolRows.Contains(k)).ToList();
        Assert.True(secondOnly.Count == 0, "README has no `| v2 | … | protocol | yes` (or `| API | yes`) row for: " + string.Join(", ", secondOnly));
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

    [GeneratedRegex(@"^\| `(?<kind>[A-Za-z]+)` \|.*\| yes \| yes \|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"^\| `(?<kind>[A-Za-z]+)` \| v2 \|.*\| (protocol|API) \| yes \|$", RegexOptions.Multiline)]
    private static partial Regex ProtocolRow();
}
