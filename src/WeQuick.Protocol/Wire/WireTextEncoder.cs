using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace WeQuick.Protocol.Wire;

/// <summary>
/// Escapes only what JSON requires (quote, backslash, control characters, unpaired surrogates) and writes
/// every other character as UTF-8, as real clients do. The framework's encoders, even the relaxed one,
/// escape WeChat's private-use emoji (U+E000–U+F8FF) and every non-BMP character as <c>\uXXXX</c>, so a
/// message re-encoded by the agent would not match, byte for byte, what a real client sends.
/// </summary>
internal sealed class WireTextEncoder : JavaScriptEncoder
{
    public static WireTextEncoder Instance { get; } = new();

    private WireTextEncoder()
    {
    }

    // A scalar above U+FFFF escaped as two \uXXXX sequences.
    public override int MaxOutputCharactersPerInputCharacter => 12;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = new ReadOnlySpan<char>(text, textLength);
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (c < 0x20 || c == '"' || c == '\\')
            {
                return i;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
                {
                    i++;
                    continue;
                }

                return i;
            }

            if (char.IsLowSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var output = new Span<char>(buffer, bufferLength);
        numberOfCharactersWritten = 0;
        ReadOnlySpan<char> shortForm = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            _ => default,
        };
        if (!shortForm.IsEmpty)
        {
            if (!shortForm.TryCopyTo(output))
            {
                return false;
            }

            numberOfCharactersWritten = shortForm.Length;
            return true;
        }

        if (unicodeScalar <= 0xFFFF)
        {
            return TryWriteEscape((char)unicodeScalar, output, ref numberOfCharactersWritten);
        }

        var pair = new Rune(unicodeScalar);
        Span<char> utf16 = stackalloc char[2];
        pair.EncodeToUtf16(utf16);
        return TryWriteEscape(utf16[0], output, ref numberOfCharactersWritten)
            && TryWriteEscape(utf16[1], output[6..], ref numberOfCharactersWritten);
    }

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar == '"' || unicodeScalar == '\\' || unicodeScalar is >= 0xD800 and <= 0xDFFF;

    private static bool TryWriteEscape(char c, Span<char> output, ref int written)
    {
        if (output.Length < 6)
        {
            return false;
        }

        output[0] = '\\';
        output[1] = 'u';
        ((int)c).TryFormat(output[2..6], out _, "X4", CultureInfo.InvariantCulture);
        written += 6;
        return true;
    }
}
