using System.Diagnostics;
using System.Text;

namespace WeQuick.Cli.Tests;

/// <summary>The real <c>wequick</c> executable of this build, started as a user would start it.</summary>
internal static class WequickProcess
{
    /// <summary>How to start <c>wequick</c> with <paramref name="args"/>, all three standard streams redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var dll = Path.Combine(Path.GetDirectoryName(typeof(CliApp).Assembly.Location)!, "wequick.dll");
        Assert.True(File.Exists(dll), dll);
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
