using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace WeQuick.Cli.Gateway;

/// <summary>
/// The start failures a user fixes with an option, said in one line: the address is taken, not allowed, not this machine's, or not an address. The host
/// logs them with a stack trace before the command can say so; <see cref="QuietStartFailureLoggerProvider"/> leaves that out.
/// </summary>
internal static partial class StartFailure
{
    /// <summary>One line saying what went wrong and which option changes it; null for any other failure.</summary>
    /// <param name="exception">What starting the gateway threw.</param>
    /// <param name="urls">The addresses asked for, named when the failure does not say which one it was.</param>
    public static string? Describe(Exception exception, string? urls = null)
    {
        // Kestrel names the address in the outer message: "Failed to bind to address http://127.0.0.1:8080: …".
        var named = BoundAddress().Match(exception.Message);
        var address = named.Success ? named.Groups["address"].Value : urls ?? "the address";
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AddressInUseException:
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                    return $"{address} is already in use (another program listens there); choose another address with --urls, e.g. --urls {Elsewhere(address)}";
                case SocketException { SocketErrorCode: SocketError.AccessDenied }:
                    return $"{address}: not allowed to listen there (ports below 1024 need privileges); choose another address with --urls, e.g. --urls {Elsewhere(address)}";
                case SocketException { SocketErrorCode: SocketError.AddressNotAvailable }:
                    return $"{address}: this machine has no such address to listen on; choose another with --urls, e.g. --urls http://127.0.0.1:8080 (this machine only) or http://0.0.0.0:8080 (every interface)";
                case FormatException when e.Message.StartsWith("Invalid url", StringComparison.Ordinal):
                    return $"{e.Message.TrimEnd('.')}: --urls takes addresses like http://127.0.0.1:8080, ';' between several";
            }
        }

        return null;
    }

    /// <summary>The same address on the next port, when there is one to name.</summary>
    private static string Elsewhere(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port is > 0 and < 65535
            ? new UriBuilder(uri) { Port = uri.Port + 1 }.Uri.ToString().TrimEnd('/')
            : "http://127.0.0.1:8081";

    [GeneratedRegex(@"address (?<address>\S+?): ", RegexOptions.CultureInvariant)]
    private static partial Regex BoundAddress();
}

/// <summary>
/// The console logger, less the start failures <see cref="StartFailure"/> turns into one line: the host's log of them
/// would print the same failure first, with its stack trace. Every other line, with its exception, is kept.
/// </summary>
[ProviderAlias("Console")]
internal sealed class QuietStartFailureLoggerProvider(ConsoleLoggerProvider console) : ILoggerProvider, ISupportExternalScope
{
    public ILogger CreateLogger(string categoryName) => new QuietLogger(console.CreateLogger(categoryName));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => console.SetScopeProvider(scopeProvider);

    public void Dispose() => console.Dispose();

    private sealed class QuietLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && StartFailure.Describe(exception) is not null)
            {
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
