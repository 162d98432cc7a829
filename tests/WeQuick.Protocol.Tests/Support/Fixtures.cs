using System.Text;
using System.Text.Json.Nodes;

namespace WeQuick.Protocol.Tests.Support;

/// <summary>The spec's examples as printed, copied into <c>Fixtures/</c> and shipped next to the tests.</summary>
internal static class Fixtures
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>The first generation's example of a kind, or for a kind only the second generation has, its example.</summary>
    public static string ReportPath(string action)
    {
        var first = Path.Combine(Root, "reports", action + ".json");
        return File.Exists(first) ? first : V2ReportPath(action);
    }

    /// <summary>The second generation's example of a kind (<c>Fixtures/reports/v2/</c>).</summary>
    public static string V2ReportPath(string action) => Path.Combine(Root, "reports", "v2", action + ".json");

    /// <summary>Every report example of the first generation's spec (the files of <c>Fixtures/reports/</c>), by name.</summary>
    public static IEnumerable<string> V1ReportExamples() =>
        Directory.EnumerateFiles(Path.Combine(Root, "reports"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    /// <summary>Every report example of the second generation's document (the files of <c>Fixtures/reports/v2/</c>), by name.</summary>
    public static IEnumerable<string> V2ReportExamples() =>
        Directory.EnumerateFiles(Path.Combine(Root, "reports", "v2"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    /// <summary>The first generation's example of <paramref name="api"/>, or the second's for a kind only it has.</summary>
    public static string CommandPath(string api)
    {
        var first = Path.Combine(Root, "commands", api + ".json");
        return File.Exists(first) ? first : V2CommandPath(api);
    }

    /// <summary>The second generation's example of <paramref name="api"/> (<c>commands/v2/</c>).</summary>
    public static string V2CommandPath(string api) => Path.Combine(Root, "commands", "v2", api + ".json");

    /// <summary>Every command example of the first generation's document (and the vendor demo's <c>addRoomFriend</c>), by file name.</summary>
    public static IEnumerable<string> V1CommandExamples() =>
        Directory.EnumerateFiles(Path.Combine(Root, "commands"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>
    /// Every command example of the second generation's document, by file name: one per command, named by its api,
    /// and <c>_note-array.json</c>, the one-command array of the document's notes.
    /// </summary>
    public static IEnumerable<string> V2CommandExamples() =>
        Directory.EnumerateFiles(Path.Combine(Root, "commands", "v2"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static byte[] Report(string action) => File.ReadAllBytes(ReportPath(action));

    public static byte[] Command(string api) => File.ReadAllBytes(CommandPath(api));

    /// <summary>Decodes a report fixture and fails the test, with the decoder's message, when it does not decode.</summary>
    public static T DecodeReport<T>(string action)
        where T : Report
    {
        var result = ReportDecoder.Decode(Report(action));
        Assert.True(result.IsSuccess, $"{action}.json did not decode: {result.Error}");
        return Assert.IsType<T>(result.Report);
    }

    /// <summary>Decodes a command fixture (a single command object, as the spec prints them).</summary>
    public static T DecodeCommand<T>(string api)
        where T : Command
    {
        var result = CommandDecoder.DecodeBatch(Command(api));
        Assert.True(result.IsSuccess, $"{api}.json did not decode: {result.Error}");
        return Assert.IsType<T>(Assert.Single(result.Commands));
    }

    /// <summary>Reads a fixture as a node tree; the spec's trailing commas are allowed.</summary>
    public static JsonNode ParseNode(byte[] json) =>
        JsonNode.Parse(json, documentOptions: new() { AllowTrailingCommas = true })
        ?? throw new InvalidOperationException("the fixture is JSON null");
}

/// <summary>Compares models through their normalized JSON, so lists compare by content rather than by reference.</summary>
internal static class Normalized
{
    public static string Of(Report report) => Encoding.UTF8.GetString(NormalizedJson.Serialize(report));

    public static string Of(Command command) => Encoding.UTF8.GetString(NormalizedJson.Serialize(command));

    public static void Equal(Report expected, Report? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(Of(expected), Of(actual));
    }

    public static void Equal(Command expected, Command? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(Of(expected), Of(actual));
    }
}
