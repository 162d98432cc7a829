using System.CommandLine;
using Command = System.CommandLine.Command;
using System.Globalization;
using System.Text;
using System.Text.Json;
using WeQuick.Protocol;

namespace WeQuick.Cli;

/// <summary>
/// <c>wequick decode [FILE|-] [--commands] [--progress]</c>: decodes captured bodies (one JSON document per line, or
/// pretty-printed documents one after another) and prints one normalized JSON object per document.
/// </summary>
internal static class DecodeCommand
{
    public const string Summary = "decode captured report bodies (or --commands arrays) to normalized JSON";

    public static Command Create(CliConsole console)
    {
        var command = new WequickCommand("decode", Summary)
        {
            Details = "One JSON object per document on standard output, then a summary line; lines that do not decode are named on standard error.",
            Examples =
            [
                "wequick decode capture.log",
                "wequick decode --commands polls.log",
                "tail -n 1000 gateway.log | wequick decode - > reports.jsonl",
                "wequick decode --progress big-capture.log > reports.jsonl",
            ],
            ExitCodes =
            [
                "0  every document decoded (unknown kinds count as decoded)",
                "1  some documents did not decode: each is named by line on standard error",
                "2  usage: an unknown option, more than one FILE, no such file",
            ],
            ArgumentsHint = "give one FILE, or - (or nothing) for standard input",
        };
        var file = new Argument<string?>("FILE")
        {
            Description = "the capture: one body per line, or pretty-printed bodies one after another; - or nothing for standard input",
            Arity = ArgumentArity.ZeroOrOne,
        };
        CliOptions.RefuseOptionLikeValues(file, command);
        var commands = CliOptions.Flag("--commands", "the documents are command arrays (what the gateway answers a poll with), not report bodies");
        var progress = CliOptions.Flag("--progress", "show progress on standard error every second (shown unasked when standard error is a terminal)");
        command.Arguments.Add(file);
        command.Options.Add(commands);
        command.Options.Add(progress);
        command.SetAction((parsed, cancellationToken) => RunAsync(
            parsed.GetValue(file) ?? "-",
            parsed.GetValue(commands),
            parsed.GetValue(progress) || console.ErrorIsTerminal,
            console,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string path, bool commands, bool showProgress, CliConsole console, CancellationToken cancellationToken)
    {
        string text;
        if (path == "-")
        {
            text = await console.In.ReadToEndAsync(cancellationToken);
        }
        else if (!File.Exists(path))
        {
            await console.Error.WriteLineAsync($"wequick decode: no such file: {path}");
            return CliApp.Usage;
        }
        else
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }

        var progress = showProgress ? new ProgressClock(console.Time, TimeSpan.FromSeconds(1)) : null;
        var totalLines = progress is null ? 0 : LineCount(text);
        int decoded = 0, unknown = 0, errors = 0;
        foreach (var doc in CapturedDocuments.Split(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (progress?.Due() == true)
            {
                await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"wequick decode: at line {doc.Line:N0} of {totalLines:N0} ({100.0 * doc.Line / Math.Max(1, totalLines):0}%), {decoded + unknown:N0} decoded, {errors:N0} errors"));
            }

            var bytes = Encoding.UTF8.GetBytes(doc.Text);
            if (commands)
            {
                var batch = CommandDecoder.DecodeBatch(bytes);
                if (!batch.IsSuccess)
                {
                    errors++;
                    await console.Error.WriteLineAsync($"line {doc.Line}: {batch.Error}");
                    continue;
                }

                foreach (var command in batch.Commands)
                {
                    await console.Out.WriteLineAsync(Encoding.UTF8.GetString(NormalizedJson.Serialize(command)));
                    if (command is UnknownCommand)
                    {
                        unknown++;
                    }
                    else
                    {
                        decoded++;
                    }
                }

                foreach (var skipped in batch.Skipped)
                {
                    await console.Error.WriteLineAsync($"line {doc.Line}: entry {skipped.Index} skipped: {skipped.Reason}");
                }

                continue;
            }

            var result = ReportDecoder.Decode(bytes);
            if (!result.IsSuccess)
            {
                errors++;
                await console.Error.WriteLineAsync($"line {doc.Line}: {result.Error}");
                continue;
            }

            await console.Out.WriteLineAsync(Encoding.UTF8.GetString(NormalizedJson.Serialize(result.Report!)));
            if (result.IsUnknown)
            {
                unknown++;
            }
            else
            {
                decoded++;
            }
        }

        await console.Out.WriteLineAsync($"decoded {decoded}, unknown {unknown}, errors {errors}");
        return errors == 0 ? CliApp.Ok : CliApp.Failed;
    }

    private static int LineCount(string text)
    {
        var count = text.AsSpan().Count('\n');
        return text.Length > 0 && text[^1] != '\n' ? count + 1 : count;
    }
}

/// <summary>
/// Splits a capture into documents. A document is one line (the usual log shape), or a pretty-printed
/// JSON value spanning several lines; it ends where its brackets close. A line starting a new
/// top-level value while one is still open ends the open one (which is then reported as truncated).
/// </summary>
internal static class CapturedDocuments
{
    internal readonly record struct Document(int Line, string Text);

    public static IEnumerable<Document> Split(string text)
    {
        var lines = text.Split('\n');
        var current = new StringBuilder();
        var startLine = 0;
        var depth = 0;
        var inString = false;
        var escaped = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (current.Length == 0 && line.Trim().Length == 0)
            {
                continue;
            }

            if (current.Length > 0 && depth > 0 && line.Length > 0 && line[0] is '{' or '[')
            {
                yield return new Document(startLine, current.ToString());
                current.Clear();
                depth = 0;
                inString = false;
                escaped = false;
            }

            if (current.Length == 0)
            {
                startLine = i + 1;
            }
            else
            {
                current.Append('\n');
            }

            current.Append(line);
            var opened = false;
            foreach (var c in line)
            {
                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                    }
                    else if (c == '\\')
                    {
                        escaped = true;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }

                    continue;
                }

                switch (c)
                {
                    case '"':
                        inString = true;
                        break;
                    case '{' or '[':
                        depth++;
                        opened = true;
                        break;
                    case '}' or ']':
                        depth--;
                        break;
                }
            }

            // A line that is not JSON-looking (form bodies, garbage) is a document on its own.
            if (depth <= 0 || (!opened && current.Length == line.Length && !line.TrimStart().StartsWith('{') && !line.TrimStart().StartsWith('[')))
            {
                yield return new Document(startLine, current.ToString());
                current.Clear();
                depth = 0;
                inString = false;
                escaped = false;
            }
        }

        if (current.Length > 0)
        {
            yield return new Document(startLine, current.ToString());
        }
    }
}
