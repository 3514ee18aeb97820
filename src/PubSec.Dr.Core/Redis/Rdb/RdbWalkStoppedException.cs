namespace PubSec.Dr.Redis.Rdb;

/// <summary>
/// Why the key walk of an RDB stopped before its EOF opcode: the file ends inside a record (truncated), or holds a
/// record this module does not know (a newer Redis, a module type it cannot skip). Never an error by itself: the
/// verifier keeps the reason, reads the rest, and the CRC-64 and trailer decide whether the file is intact.
/// </summary>
internal sealed class RdbWalkStoppedException(string reason) : Exception(reason)
{
    public static RdbWalkStoppedException EndedInside(long offset) => new($"the file ends inside a record (offset {offset})");

    public static RdbWalkStoppedException Unknown(string what, long offset) => new($"{what} at offset {offset} is not one this module can read");
}
