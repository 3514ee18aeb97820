namespace PubSec.Dr.Redis.Rdb;

/// <summary>One RESP reply as the wire client needs it: its type byte and its text (null for a null bulk).</summary>
internal sealed record RespReply(char Type, string? Text)
{
    public bool IsError => Type == '-';
}
