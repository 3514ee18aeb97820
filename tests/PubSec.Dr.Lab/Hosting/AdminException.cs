namespace PubSec.Dr.Lab.Hosting;

/// <summary>A refused admin request with the HTTP status to answer.</summary>
internal sealed class AdminException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
