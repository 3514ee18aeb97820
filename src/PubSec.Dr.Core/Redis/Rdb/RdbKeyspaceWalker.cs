namespace PubSec.Dr.Redis.Rdb;

/// <summary>
/// Walks an RDB's records after the 9-byte header up to the EOF opcode, counting key records per database and
/// reading each database's RESIZEDB. Values are skipped by their type's layout (<see cref="RdbValueSkipper"/>),
/// never held: memory is the input's buffer whatever the file's size, and every skipped byte still goes through
/// the input's CRC. Layouts follow Redis's rdb.c (RDB versions up to 12, Redis 7.4 and 8).
/// </summary>
internal static class RdbKeyspaceWalker
{
    private const byte SlotInfo = 0xf4;
    private const byte Function2 = 0xf5;
    private const byte FunctionPreGa = 0xf6;
    private const byte ModuleAux = 0xf7;
    private const byte Idle = 0xf8;
    private const byte Freq = 0xf9;
    private const byte Aux = 0xfa;
    private const byte ResizeDb = 0xfb;
    private const byte ExpireTimeMs = 0xfc;
    private const byte ExpireTime = 0xfd;
    private const byte SelectDb = 0xfe;
    private const byte Eof = 0xff;

    /// <summary>Reads records until the EOF opcode; throws <see cref="RdbWalkStoppedException"/> on what it cannot read.</summary>
    public static async Task<RdbKeyspace> WalkAsync(RdbInput input, CancellationToken cancellationToken)
    {
        var done = new List<RdbDatabaseKeys>();
        int? database = null;
        long keys = 0;
        long? announced = null;
        while (true)
        {
            var opcode = await input.ReadByteAsync(cancellationToken).ConfigureAwait(false);
            switch (opcode)
            {
                case Eof:
                    Close();
                    return new RdbKeyspace(done);
                case SelectDb:
                    Close();
                    var number = await RdbValueSkipper.ReadLengthAsync(input, cancellationToken).ConfigureAwait(false);
                    database = number <= int.MaxValue ? (int)number : throw RdbWalkStoppedException.Unknown($"database number {number}", input.Offset);
                    break;
                case ResizeDb:
                    announced = (long)Math.Min(await RdbValueSkipper.ReadLengthAsync(input, cancellationToken).ConfigureAwait(false), (ulong)long.MaxValue);
                    await RdbValueSkipper.ReadLengthAsync(input, cancellationToken).ConfigureAwait(false);
                    break;
                case ExpireTime:
                    await input.SkipAsync(4, cancellationToken).ConfigureAwait(false);
                    break;
                case ExpireTimeMs:
                    await input.SkipAsync(8, cancellationToken).ConfigureAwait(false);
                    break;
                case Freq:
                    await input.SkipAsync(1, cancellationToken).ConfigureAwait(false);
                    break;
                case Idle:
                    await RdbValueSkipper.ReadLengthAsync(input, cancellationToken).ConfigureAwait(false);
                    break;
                case Aux:
                    await RdbValueSkipper.SkipStringAsync(input, cancellationToken).ConfigureAwait(false);
                    await RdbValueSkipper.SkipStringAsync(input, cancellationToken).ConfigureAwait(false);
                    break;
                case Function2:
                    await RdbValueSkipper.SkipStringAsync(input, cancellationToken).ConfigureAwait(false);
                    break;
                case SlotInfo:
                    for (var i = 0; i < 3; i++)
                    {
                        await RdbValueSkipper.ReadLengthAsync(input, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case ModuleAux:
                    // Module id, the "when" as an annotated unsigned integer, then the annotated module value.
                    await RdbValueSkipper.ReadLengthAsync(input, cancellationToken).ConfigureAwait(false);
                    await RdbValueSkipper.ReadLengthAsync(input, cancellationToken).ConfigureAwait(false);
                    await RdbValueSkipper.ReadLengthAsync(input, cancellationToken).ConfigureAwait(false);
                    await RdbValueSkipper.SkipModuleValueAsync(input, cancellationToken).ConfigureAwait(false);
                    break;
                case FunctionPreGa:
                    throw RdbWalkStoppedException.Unknown("a Redis 7.0 release-candidate function record", input.Offset - 1);
                default:
                    // A key: its value type, the key as a string, then the value.
                    await RdbValueSkipper.SkipStringAsync(input, cancellationToken).ConfigureAwait(false);
                    await RdbValueSkipper.SkipValueAsync(input, opcode, cancellationToken).ConfigureAwait(false);
                    database ??= 0;
                    keys++;
                    break;
            }
        }

        // Ends the current database section, if a SELECTDB or a key opened one.
        void Close()
        {
            if (database is { } number)
            {
                done.Add(new RdbDatabaseKeys(number, keys, announced));
            }

            database = null;
            keys = 0;
            announced = null;
        }
    }
}
