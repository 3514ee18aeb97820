namespace PubSec.Dr.Transfer;

/// <summary>A progress report for one long transfer; the cmdlet layer throttles and renders it.</summary>
public sealed record TransferProgress(string Activity, string Item, long BytesDone, long? BytesTotal, double BytesPerSecond)
{
    public int? PercentComplete => BytesTotal is > 0 ? (int)Math.Min(100, BytesDone * 100 / BytesTotal.Value) : null;
}
