using System.Text.Json;
using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol.Tests;

/// <summary>The tolerant field readers, including the escaped spellings their fast paths must not miss.</summary>
public sealed class FlexFieldTests
{
    private static JsonElement Field(string json)
    {
        using var doc = JsonDocument.Parse($$$"""{"f":{{{json}}}}""");
        return doc.RootElement.Clone();
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"null\"")]
    [InlineData("\"NULL\"")]
    [InlineData("\"(null)\"")]
    [InlineData("\"\\u006eull\"")]
    [InlineData("\"(nul\\u006c)\"")]
    public void Every_spelling_of_absent_is_absent_escaped_or_not(string json)
    {
        Assert.False(Flex.TryGet(Field(json), "f", out _));
        Assert.Null(Flex.String(Field(json), "f"));
    }

    [Theory]
    [InlineData("\"Null\"")]
    [InlineData("\" \"")]
    [InlineData("\"nul\"")]
    [InlineData("\"nulll\"")]
    [InlineData("0")]
    [InlineData("false")]
    public void Values_that_only_look_empty_are_present(string json)
    {
        Assert.True(Flex.TryGet(Field(json), "f", out _));
    }

    [Theory]
    [InlineData("7", 7L)]
    [InlineData("\"7\"", 7L)]
    [InlineData("\"-7\"", -7L)]
    [InlineData("\"+7\"", 7L)]
    [InlineData("\" 7 \"", 7L)]
    [InlineData("\"\\u0037\"", 7L)]
    [InlineData("\"9223372036854775807\"", long.MaxValue)]
    [InlineData("\"9223372036854775808\"", null)]
    [InlineData("\"7a\"", null)]
    [InlineData("\"7.0\"", null)]
    [InlineData("\"--7\"", null)]
    [InlineData("\"-\"", null)]
    [InlineData("true", 1L)]
    [InlineData("[7]", null)]
    public void Numbers_are_read_from_numbers_and_numeric_strings(string json, long? expected)
    {
        Assert.Equal(expected, Flex.Long(Field(json), "f"));
    }

    [Theory]
    [InlineData("\"1\"", true)]
    [InlineData("\"0\"", false)]
    [InlineData("\" 1\"", true)]
    [InlineData("\"\\u0031\"", true)]
    [InlineData("\"true\"", true)]
    [InlineData("\"no\"", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("2", true)]
    [InlineData("true", true)]
    [InlineData("\"2\"", true)]
    [InlineData("\" 0 \"", false)]
    [InlineData("\"maybe\"", null)]
    public void Flags_are_read_from_booleans_numbers_and_their_strings(string json, bool? expected)
    {
        Assert.Equal(expected, Flex.Bool(Field(json), "f"));
    }

    [Fact]
    public void An_int_field_outside_the_int_range_is_absent_rather_than_wrapped()
    {
        Assert.Null(Flex.Int(Field("4294967297"), "f"));
        Assert.Equal(int.MinValue, Flex.Int(Field("-2147483648"), "f"));
    }
}
