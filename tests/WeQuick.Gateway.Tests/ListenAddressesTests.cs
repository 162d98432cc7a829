namespace WeQuick.Gateway.Tests;

/// <summary>The one reading of listen URLs that the start warnings and the host filter share.</summary>
public sealed class ListenAddressesTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080", "0.0.0.0", true)]
    [InlineData("http://*:80", "*", true)]
    [InlineData("http://+:80/", "+", true)]
    [InlineData("https://192.168.1.20:8443", "192.168.1.20", true)]
    [InlineData("http://[::]:8080", "::", true)]
    [InlineData("http://gateway.lan:8080", "gateway.lan", true)]
    [InlineData("gateway:8080", "gateway", true)]
    [InlineData("http://127.0.0.1:8080", "127.0.0.1", false)]
    [InlineData("http://127.1.2.3:8080", "127.1.2.3", false)]
    [InlineData("http://[::1]:8080", "::1", false)]
    [InlineData("http://LocalHost:5000", "LocalHost", false)]
    [InlineData("localhost", "localhost", false)]
    [InlineData("http://unix:/run/wequick.sock", null, false)]
    [InlineData("http://pipe:/wequick", null, false)]
    public void A_listen_url_names_its_host_and_says_whether_it_reaches_beyond_this_machine(string url, string? host, bool beyond)
    {
        Assert.Equal(host, ListenAddresses.Host(url));
        Assert.Equal(beyond, ListenAddresses.BeyondLoopback(url));
    }
}
