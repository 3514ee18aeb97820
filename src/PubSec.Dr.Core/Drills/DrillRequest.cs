using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Environments;

namespace PubSec.Dr.Drills;

/// <summary>What Invoke-DrDrill asks for: the environment, the scenario (Scheduled already resolved), the region whose data and store are used.</summary>
public sealed record DrillRequest(DrEnvironment Environment, DrillScenario Scenario, DrRegion Region)
{
    /// <summary>The scenario came from the monthly rotation.</summary>
    public bool Scheduled { get; init; }

    /// <summary>SecurityBreach: backups completed after this are not trusted; default the drill's start.</summary>
    public DateTimeOffset? BreachTime { get; init; }

    public IReadOnlyList<X509Certificate2> DecryptionCertificates { get; init; } = [];

    public IReadOnlyList<X509Certificate2> TrustedSigners { get; init; } = [];

    /// <summary>SecurityBreach: how long a rotated Secret may take to reach the application (a mounted Secret is refreshed by the kubelet, up to about a minute).</summary>
    public TimeSpan SecretPickUp { get; init; } = TimeSpan.FromSeconds(90);
}
