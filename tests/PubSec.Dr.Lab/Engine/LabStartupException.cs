namespace PubSec.Dr.Lab.Engine;

/// <summary>A reason the lab cannot start (bad arguments, a taken port, a mismatched data folder); printed, then exit 2.</summary>
internal sealed class LabStartupException(string message, Exception? inner = null) : Exception(message, inner);
