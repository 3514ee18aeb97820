namespace PubSec.Dr.Environments;

/// <summary>Where a region's application answers directly (its load balancer or ingress), bypassing the public DNS name.</summary>
public sealed record DrApplicationSettings(Uri BaseUrl);
