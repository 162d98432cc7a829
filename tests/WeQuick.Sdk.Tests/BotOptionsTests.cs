namespace WeQuick.Sdk.Tests;

/// <summary><see cref="WeQuickBotOptions.FromEnvironment"/>: one build of a bot, configured where it runs.</summary>
[Collection(nameof(EnvironmentVariables))]
public sealed class BotOptionsTests
{
    [Fact]
    public void The_gateway_and_key_come_from_the_environment_with_a_local_default()
    {
        using (new EnvironmentVariables(("WEQUICK_URL", null), ("WEQUICK_KEY", null)))
        {
            var o = WeQuickBotOptions.FromEnvironment();
            Assert.Equal(new Uri("http://127.0.0.1:8080"), o.BaseUrl);
            Assert.Null(o.ApiKey);
        }

        using (new EnvironmentVariables(("WEQUICK_URL", "https://bots.example.com/gw/"), ("WEQUICK_KEY", " wqk_abc\n")))
        {
            var o = WeQuickBotOptions.FromEnvironment();
            Assert.Equal(new Uri("https://bots.example.com/gw/"), o.BaseUrl);
            Assert.Equal("wqk_abc", o.ApiKey);
        }
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("not a url")]
    public void A_url_that_is_not_absolute_http_is_refused_by_name(string url)
    {
        using var env = new EnvironmentVariables(("WEQUICK_URL", url));
        var ex = Assert.Throws<InvalidOperationException>(WeQuickBotOptions.FromEnvironment);
        Assert.Contains("WEQUICK_URL must be an absolute http(s) URL", ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>Sets environment variables for a test and puts the old values back; tests using it do not run in parallel.</summary>
[CollectionDefinition(nameof(EnvironmentVariables), DisableParallelization = true)]
public sealed class EnvironmentVariables : IDisposable
{
    private readonly List<(string Name, string? Old)> _saved = [];

    public EnvironmentVariables()
    {
    }

    public EnvironmentVariables(params (string Name, string? Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            _saved.Add((name, Environment.GetEnvironmentVariable(name)));
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, old) in _saved)
        {
            Environment.SetEnvironmentVariable(name, old);
        }
    }
}
