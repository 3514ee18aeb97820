namespace PubSec.Dr.Environments;

/// <summary>
/// Where a region's application answers directly (its load balancer or ingress), bypassing the public DNS name, and
/// the Secret in the region's namespace the application reads its client API keys from (ApiKeySecret, a name, never a
/// value): the SecurityBreach drill rotates a drill copy of it and proves the application follows.
/// </summary>
public sealed record DrApplicationSettings(Uri BaseUrl, string? ApiKeySecret = null);
