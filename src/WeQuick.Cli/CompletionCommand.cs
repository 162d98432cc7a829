using System.CommandLine;

namespace WeQuick.Cli;

/// <summary>
/// <c>wequick completion bash|zsh|pwsh</c>: prints a script that has the shell complete <c>wequick</c>'s commands, options
/// and option values. The script asks <c>wequick</c> itself, through System.CommandLine's <c>[suggest:POSITION]</c>
/// directive, so it never goes stale.
/// </summary>
internal static class CompletionCommand
{
    public const string Summary = "print a script that completes wequick's commands and options in bash, zsh or PowerShell";

    public static Command Create(CliConsole console)
    {
        var command = new WequickCommand("completion", Summary)
        {
            Details = "Load it from your shell's start-up file. The script asks wequick itself (the [suggest] directive), so it stays right as wequick changes.",
            Examples =
            [
                "source <(wequick completion bash)          # in ~/.bashrc",
                "source <(wequick completion zsh)           # in ~/.zshrc, after compinit",
                "wequick completion pwsh | Out-String | Invoke-Expression   # in $PROFILE",
            ],
        };
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or pwsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        command.Arguments.Add(shell);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            await console.Out.WriteAsync(Script(parsed.GetValue(shell)!).AsMemory(), cancellationToken);
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>The script for <paramref name="shell"/>: each hands wequick the line up to the cursor, less the command word.</summary>
    public static string Script(string shell) => shell switch
    {
        "bash" => """
            # wequick completion for bash: source <(wequick completion bash)
            _wequick_complete() {
                local line="${COMP_LINE:0:COMP_POINT}"
                local rest="${line#"${COMP_WORDS[0]}"}"
                rest="${rest#"${rest%%[! ]*}"}"
                local IFS=$'\n'
                COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${#rest}]" "$rest" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
            }
            complete -o default -F _wequick_complete wequick

            """,
        "zsh" => """
            # wequick completion for zsh: source <(wequick completion zsh), after compinit
            _wequick_complete() {
                local line="${BUFFER[1,CURSOR]}"
                local rest="${line#"${words[1]}"}"
                rest="${rest#"${rest%%[! ]*}"}"
                local -a suggestions
                suggestions=("${(@f)$("${words[1]}" "[suggest:${#rest}]" "$rest" 2>/dev/null)}")
                compadd -a suggestions
            }
            compdef _wequick_complete wequick

            """,
        "pwsh" => """
            # wequick completion for PowerShell: wequick completion pwsh | Out-String | Invoke-Expression
            Register-ArgumentCompleter -Native -CommandName wequick -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                $exe = $commandAst.CommandElements[0].ToString()
                $upTo = $cursorPosition - $commandAst.Extent.StartOffset
                $line = $commandAst.ToString().PadRight($upTo).Substring(0, $upTo)
                $rest = $line.Substring($exe.Length).TrimStart()
                & $exe "[suggest:$($rest.Length)]" "$rest" 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }

            """,
        _ => throw new CliUsageException($"no completion script for '{shell}': bash, zsh or pwsh"),
    };
}
