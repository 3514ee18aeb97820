using System.Security.Cryptography;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The emulated cluster's fixed shape: its namespace and StatefulSet names, three worker nodes with their
/// addresses, and where pods land (ordinal i on node i mod 3, as anti-affinity would spread them).
/// </summary>
internal static class ClusterLayout
{
    public const string Namespace = "pubsec-info-assistant";
    public const string StatefulSet = "qdrant";
    public const string StorageClaimTemplate = "qdrant-storage";
    public const string HeadlessService = "qdrant-headless";
    public const string StorageClass = "managed-csi";
    public const string Provisioner = "disk.csi.azure.com";
    public const int NodeCount = 3;

    public static string NodeName(int i) => $"lab-node-{i}";

    public static string NodeIp(int i) => $"10.224.0.{4 + i}";

    public static int NodeOf(int ordinal) => ordinal % NodeCount;

    /// <summary>A fresh pod IP in the node's pod CIDR (10.244.&lt;node&gt;.0/24).</summary>
    public static string PodIp(int node) => $"10.244.{node}.{RandomNumberGenerator.GetInt32(2, 254)}";
}
