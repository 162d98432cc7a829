using WeQuick.Cli;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Tests.Infrastructure;

/// <summary>Empties the projections of a stopped gateway's data folder and runs <c>wequick rebuild</c> on it.</summary>
internal static class CliRebuild
{
    /// <summary>Clears the projections, checks they are gone, rebuilds them with the CLI and returns the store and its standard output.</summary>
    public static async Task<(IGatewayStore Store, string Out)> FromEmptyAsync(string dir)
    {
        var store = TestGateway.OpenStore(dir);
        using (var session = store.OpenWriteSession())
        {
            session.Begin();
            session.ClearProjections();
            session.Commit();
        }

        Assert.Empty(await store.ReadAllDocumentsAsync(default));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["rebuild", "--data", dir], TextReader.Null, stdout, stderr);
        Assert.True(exit == 0, stderr.ToString());
        return (store, stdout.ToString());
    }
}
