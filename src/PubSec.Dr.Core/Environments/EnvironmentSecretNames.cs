namespace PubSec.Dr.Environments;

/// <summary>
/// Every variable name an environment file gives for a secret or credential (API keys, passwords, access keys,
/// connection strings), in file order without repeats: what a host that keeps secrets elsewhere (Azure Automation
/// variables and credentials) must put into the process before the cmdlets read them.
/// </summary>
public static class EnvironmentSecretNames
{
    public static IReadOnlyList<string> Of(DrEnvironment environment)
    {
        var names = new List<string?>();
        foreach (var region in environment.Regions.Values)
        {
            names.Add(region.Qdrant?.ApiKeyVariable);
            names.Add(region.Redis?.PasswordVariable);
            names.Add(region.DrillRedis?.PasswordVariable);
            if (region.Store is { } store)
            {
                names.AddRange([store.AccessKeyIdVariable, store.SecretAccessKeyVariable, store.SessionTokenVariable, store.ConnectionStringVariable]);
            }
        }

        if (environment.Dns?.Route53 is { } route53)
        {
            names.AddRange([route53.AccessKeyIdVariable, route53.SecretAccessKeyVariable, route53.SessionTokenVariable]);
        }

        return [.. names.OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];
    }
}
