using PubSec.Dr.Archive;

namespace PubSec.Dr.Transfer;

/// <summary>What one streamed pass over an object measured: its length, SHA-256 and, if asked, its tar structure.</summary>
public sealed record CopyResult(long Bytes, string Sha256, ArchiveSummary? Archive);
