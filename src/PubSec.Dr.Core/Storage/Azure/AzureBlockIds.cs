using System.Globalization;
using System.Text;

namespace PubSec.Dr.Storage.Azure;

/// <summary>
/// Block ids for one upload. Azure needs every id of a blob to have the same length, so the part number is
/// zero-padded; the upload's own nonce keeps two writers of the same key from committing each other's blocks.
/// </summary>
internal sealed class AzureBlockIds
{
    /// <summary>Azure's limit of committed blocks per blob.</summary>
    public const int MaxBlocks = 50_000;

    private readonly string _nonce = Guid.NewGuid().ToString("N");

    public string For(int partNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, MaxBlocks);
        var raw = _nonce + "-" + partNumber.ToString("D5", CultureInfo.InvariantCulture);
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(raw));
    }

    public IEnumerable<string> Upto(int partCount) => Enumerable.Range(1, partCount).Select(For);
}
