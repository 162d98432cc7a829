using System.Globalization;
using System.Text.Json;

namespace WeQuick.Protocol.Wire;

/// <summary>Writes wire fields the way the chosen quirk profile says the client writes them.</summary>
internal sealed class WireWriter(Utf8JsonWriter json, ReportQuirks quirks, InterfaceGenerations generation = InterfaceGenerations.None)
{
    /// <summary>Writes text as UTF-8, as clients do, instead of \u-escaping Chinese, WeChat's emoji or non-BMP characters.</summary>
    internal static readonly JsonWriterOptions Options = new()
    {
        Encoder = WireTextEncoder.Instance,
        SkipValidation = false,
    };

    public Utf8JsonWriter Json { get; } = json;

    public ReportQuirks Quirks { get; } = quirks;

    public bool RealClient => Quirks == ReportQuirks.RealClient;

    /// <summary>The generation whose shape a kind both generations have is written in (None: the first's, adding the second's fields the model has).</summary>
    public InterfaceGenerations Generation { get; } = generation;

    /// <summary>True when kinds both generations have are written in the second generation's shape.</summary>
    public bool SecondGeneration => Generation == InterfaceGenerations.V2;

    /// <summary>A text field; absent is written as <c>""</c>, as the spec does.</summary>
    public void Text(string name, string? value) => Json.WriteString(name, value ?? string.Empty);

    /// <summary>A text field the real client writes as JSON <c>null</c> when absent (the spec writes <c>""</c>).</summary>
    public void NullableText(string name, string? value)
    {
        if (value is null && RealClient)
        {
            Json.WriteNull(name);
        }
        else
        {
            Text(name, value);
        }
    }

    /// <summary>
    /// A numeric field. <paramref name="specAsString"/> is how the spec's example prints it; the real
    /// client writes the other form, which is what keeps both sides of the decoder exercised.
    /// </summary>
    public void Number(string name, long? value, bool specAsString)
    {
        if (value is null)
        {
            Json.WriteString(name, string.Empty);
            return;
        }

        var asString = RealClient ? !specAsString : specAsString;
        if (asString)
        {
            Json.WriteString(name, value.Value.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            Json.WriteNumber(name, value.Value);
        }
    }

    /// <summary>A 0/1 flag, written as the string <c>"0"</c>/<c>"1"</c> as both the spec and clients do.</summary>
    public void Flag(string name, bool? value) => Json.WriteString(name, value switch { true => "1", false => "0", null => string.Empty });

    public void TextList(string name, IReadOnlyList<string>? values)
    {
        Json.WriteStartArray(name);
        if (values is not null)
        {
            foreach (var v in values)
            {
                Json.WriteStringValue(v);
            }
        }

        Json.WriteEndArray();
    }

    public void ObjectList<T>(string name, IReadOnlyList<T>? values, Action<WireWriter, T> write)
    {
        Json.WriteStartArray(name);
        if (values is not null)
        {
            foreach (var v in values)
            {
                Json.WriteStartObject();
                write(this, v);
                Json.WriteEndObject();
            }
        }

        Json.WriteEndArray();
    }
}
