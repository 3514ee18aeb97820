namespace PubSec.Dr.Lab.Grpc;

/// <summary>What a gRPC method needs: nothing (health checks), any valid key (reads), or the read-write key.</summary>
internal enum GrpcAccess
{
    Open,
    Read,
    Write,
}
