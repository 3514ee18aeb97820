using System.Globalization;
using System.Text;

namespace PubSec.Dr.Redis.Logical;

/// <summary>Binary-safe display of Redis keys for messages and errors.</summary>
public static class RedisKeyText
{
    private const int MaxShown = 200;

    public static string Display(ReadOnlySpan<byte> key)
    {
        var text = new StringBuilder(Math.Min(key.Length, MaxShown) + 2);
        foreach (var b in key)
        {
            if (text.Length >= MaxShown)
            {
                text.Append('…');
                break;
            }

            text.Append(b is >= 0x20 and < 0x7f and not (byte)'\\' ? ((char)b).ToString() : "\\x" + b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
