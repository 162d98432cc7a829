using System.Reflection;
using Microsoft.Extensions.Logging;

namespace WeQuick.Agent.Tests;

public sealed class AgentLogTests
{
    [Fact]
    public void Every_agent_log_message_has_its_own_event_id_in_the_agents_range()
    {
        var ids = typeof(AgentLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => a.EventId)
            .ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.InRange(id, 2000, 2099));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
