using System.Globalization;
using System.Text;

namespace PubSec.Dr.Redis.Compare;

/// <summary>Shows keys, fields and members as text without losing binary bytes, and shortens them for details.</summary>
public static class RedisKeyText
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>The bytes as text when they are printable UTF-8; otherwise escaped as redis-cli does ("\x00", "\\", "\"").</summary>
    public static string Display(byte[] bytes)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            if (!text.Any(c => char.IsControl(c) || c == '\\'))
            {
                return text;
            }
        }
        catch (DecoderFallbackException)
        {
        }

        var builder = new StringBuilder(bytes.Length + 8);
        foreach (var b in bytes)
        {
            _ = b switch
            {
                (byte)'\\' => builder.Append(@"\\"),
                >= 0x20 and < 0x7f => builder.Append((char)b),
                _ => builder.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}"),
            };
        }

        return builder.ToString();
    }

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>A field or member name for a detail line: displayed, quoted, at most <paramref name="max"/> characters.</summary>
    public static string Short(byte[]? bytes, int max = 40)
    {
        var text = Display(bytes ?? []);
        return text.Length <= max ? $"'{text}'" : $"'{text[..max]}…' ({bytes!.Length} bytes)";
    }
}
