using System.Reflection;
using Microsoft.Extensions.Logging;

namespace WeQuick.Cli.Tests;

/// <summary>Every log line of the solution has its own event id, in its assembly's range, so a log filter by id means one thing.</summary>
public sealed class LogEventIdTests
{
    /// <summary>Each assembly's range of event ids.</summary>
    private static readonly (string Assembly, int From, int To)[] Ranges =
    [
        ("WeQuick.Gateway.Core", 1, 999),
        ("WeQuick.Gateway", 1, 999),
        ("WeQuick.Gateway.Storage.Sqlite", 1, 999),
        ("WeQuick.Agent", 2000, 2099),
        ("WeQuick.Sdk", 3000, 3099),
        ("wequick", 4000, 4099),
    ];

    [Fact]
    public void Every_logged_message_of_the_solution_has_its_own_event_id_in_its_assemblys_range()
    {
        var messages = new List<(string Where, int Id)>();
        foreach (var (name, from, to) in Ranges)
        {
            var assembly = Assembly.Load(name);
            var found = assembly.GetTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
                .Where(x => x.Attribute is not null)
                .Select(x => ($"{name}: {x.Method.DeclaringType!.Name}.{x.Method.Name}", x.Attribute!.EventId))
                .ToList();
            Assert.True(found.Count > 0, $"{name} has no [LoggerMessage] method: is the assembly name still right?");
            Assert.All(found, m => Assert.True(m.EventId >= from && m.EventId <= to, $"{m.Item1} has event id {m.EventId}, outside {from}-{to}"));
            messages.AddRange(found);
        }

        var shared = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Where))}").ToList();
        Assert.True(shared.Count == 0, "event ids used more than once: " + string.Join("; ", shared));
    }
}
