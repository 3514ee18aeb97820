namespace PubSec.Dr.Environments;

/// <summary>A region's Redis: its endpoint ("host:port" or redis[s]://), an ACL user, and the variable holding the password.</summary>
public sealed record DrRedisSettings(string Endpoint, string? User, string? PasswordVariable)
{
    public string? Password() => EnvironmentVariables.Read(PasswordVariable, "the Redis password");
}
