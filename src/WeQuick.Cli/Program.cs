using WeQuick.Cli;

return await CliApp.RunAsync(
    args,
    new CliConsole(Console.In, Console.Out, Console.Error) { ErrorIsTerminal = !Console.IsErrorRedirected },
    CancellationToken.None);
