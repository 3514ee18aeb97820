using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
using PubSec.Dr.Backends;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis;

namespace PubSec.Dr.Environments;

/// <summary>Turns the JSON of an environment file into the model, section by section, reporting each bad field by its path.</summary>
internal sealed partial class EnvironmentParser(string baseDirectory, List<string> problems)
{
    public DrEnvironment Environment(EnvironmentNode root, string sourcePath)
    {
        root.AllowOnly("name", "regions", "service", "dns", "objectives", "$schema", "description");
        var name = root.String("name") ?? Path.GetFileNameWithoutExtension(sourcePath);
        var regionsNode = root.Object("regions", required: true);
        var regions = new Dictionary<string, DrRegion>(StringComparer.OrdinalIgnoreCase);
        if (regionsNode is { } regionsObject)
        {
            foreach (var (regionName, node) in regionsObject.Properties())
            {
                if (!RegionName().IsMatch(regionName))
                {
                    node.Problem(node.Path, "a region name must be lower-case letters, digits and '-', starting with a letter (at most 63)");
                    continue;
                }

                regions[regionName] = Region(regionName, node);
            }

            if (regions.Count == 0 && problems.Count == 0)
            {
                regionsObject.Problem("regions", "must define at least one region");
            }
        }

        var environment = new DrEnvironment
        {
            Name = name,
            SourcePath = sourcePath,
            Regions = regions,
            Service = root.Object("service") is { } service ? Service(service) : null,
            Dns = root.Object("dns") is { } dns ? Dns(dns, regions.Keys) : null,
            Objectives = root.Object("objectives") is { } objectives ? Objectives(objectives) : DrObjectives.Plan,
        };
        foreach (var region in regions.Values)
        {
            region.Environment = environment;
        }

        DrillRedisNotProduction(regions.Values);

        return environment;
    }

    private DrRegion Region(string name, EnvironmentNode node)
    {
        node.AllowOnly("kubernetes", "qdrant", "redis", "drillRedis", "application", "store");
        return new DrRegion
        {
            Name = name,
            Kubernetes = node.Object("kubernetes") is { } kubernetes ? Kubernetes(kubernetes) : null,
            Qdrant = node.Object("qdrant") is { } qdrant ? Qdrant(qdrant) : null,
            Redis = node.Object("redis") is { } redis ? Redis(redis) : null,
            DrillRedis = node.Object("drillRedis") is { } drillRedis ? Redis(drillRedis) : null,
            Application = node.Object("application") is { } application ? Application(application) : null,
            Store = node.Object("store") is { } store ? Store(store) : null,
        };
    }

    /// <summary>
    /// A drill replaces the keys of its drillRedis (REPLICAOF, FLUSHALL): one that is any region's production Redis
    /// would lose that region's data, so the file is refused rather than trusted to the drill's own checks.
    /// </summary>
    private void DrillRedisNotProduction(IEnumerable<DrRegion> regions)
    {
        var all = regions.ToList();
        foreach (var region in all.Where(r => r.DrillRedis is not null))
        {
            if (all.FirstOrDefault(r => r.Redis is { } redis && RedisServers.Same(redis.Endpoint, region.DrillRedis!.Endpoint)) is { } production)
            {
                problems.Add($"regions.{region.Name}.drillRedis.endpoint: '{region.DrillRedis!.Endpoint}' is the same server as regions.{production.Name}.redis.endpoint; "
                    + "a drill flushes its drillRedis, so it must be a scratch server that holds no production data");
            }
        }
    }

    private DrKubernetesSettings Kubernetes(EnvironmentNode node)
    {
        node.AllowOnly("kubeconfig", "context", "namespace", "statefulSet");
        var kubeconfig = node.String("kubeconfig");
        var ns = node.String("namespace") ?? DrKubernetesSettings.DefaultNamespace;
        var statefulSet = node.String("statefulSet") ?? DrKubernetesSettings.DefaultStatefulSet;
        foreach (var (field, value) in new[] { ("namespace", ns), ("statefulSet", statefulSet) })
        {
            if (!KubernetesName().IsMatch(value))
            {
                node.Problem(node.FieldPath(field), $"'{value}' is not a Kubernetes name (lower-case letters, digits and '-', at most 63)");
            }
        }

        return new DrKubernetesSettings(kubeconfig is null ? null : FilePath(kubeconfig), node.String("context"), ns, statefulSet);
    }

    private DrQdrantSettings Qdrant(EnvironmentNode node)
    {
        node.AllowOnly("rest", "grpc", "apiKeyVariable");
        var rest = new List<Uri>();
        var index = 0;
        foreach (var text in node.Strings("rest", required: true) ?? [])
        {
            if (HttpUri(node, $"{node.FieldPath("rest")}[{index++}]", text) is { } uri)
            {
                rest.Add(uri);
            }
        }

        var grpc = node.String("grpc") is { } grpcText ? HttpUri(node, node.FieldPath("grpc"), grpcText) : null;
        return new DrQdrantSettings(rest, grpc, Variable(node, "apiKeyVariable"));
    }

    private DrRedisSettings? Redis(EnvironmentNode node)
    {
        node.AllowOnly("endpoint", "user", "passwordVariable");
        var endpoint = node.String("endpoint", required: true);
        if (endpoint is null)
        {
            return null;
        }

        try
        {
            _ = new RedisEndpoint(endpoint);
        }
        catch (DrException ex)
        {
            node.Problem(node.FieldPath("endpoint"), ex.Message);
        }

        return new DrRedisSettings(endpoint, node.String("user"), Variable(node, "passwordVariable"));
    }

    private DrApplicationSettings? Application(EnvironmentNode node)
    {
        node.AllowOnly("baseUrl", "apiKeySecret");
        var secret = node.String("apiKeySecret");
        if (secret is not null && !KubernetesName().IsMatch(secret))
        {
            node.Problem(node.FieldPath("apiKeySecret"), $"'{secret}' is not a Secret name (lower-case letters, digits and '-', at most 63)");
            secret = null;
        }

        return node.String("baseUrl", required: true) is { } text && HttpUri(node, node.FieldPath("baseUrl"), text) is { } uri
            ? new DrApplicationSettings(uri, secret)
            : null;
    }

    private DrStoreSettings? Store(EnvironmentNode node)
    {
        node.AllowOnly("location", "region", "endpoint", "profile", "accessKeyIdVariable", "secretAccessKeyVariable", "sessionTokenVariable", "connectionStringVariable");
        var location = node.String("location", required: true);
        if (location is null)
        {
            return null;
        }

        var isUrl = BackupStoreFactory.LooksLikeUrl(location);
        var endpoint = node.String("endpoint") is { } endpointText ? HttpUri(node, node.FieldPath("endpoint"), endpointText) : null;
        return new DrStoreSettings(isUrl ? location : FilePath(location), node.String("region"), endpoint, node.String("profile"),
            Variable(node, "accessKeyIdVariable"), Variable(node, "secretAccessKeyVariable"), Variable(node, "sessionTokenVariable"),
            Variable(node, "connectionStringVariable"));
    }

    private DrServiceSettings? Service(EnvironmentNode node)
    {
        node.AllowOnly("publicUrl", "testQuery", "maxLatencyMs");
        var publicUrl = node.String("publicUrl", required: true) is { } text ? HttpUri(node, node.FieldPath("publicUrl"), text) : null;
        var latency = node.Integer("maxLatencyMs", 1, 600_000);
        return publicUrl is null
            ? null
            : new DrServiceSettings(publicUrl, node.String("testQuery") ?? DrServiceSettings.DefaultTestQuery,
                latency is { } ms ? TimeSpan.FromMilliseconds(ms) : DrServiceSettings.DefaultMaxLatency);
    }

    private DrDnsSettings? Dns(EnvironmentNode node, IEnumerable<string> regionNames)
    {
        node.AllowOnly("route53", "records", "resolvers", "drillName");
        var route53 = node.Object("route53", required: true) is { } r53 ? Route53(r53) : null;
        var regions = regionNames.ToArray();
        var records = node.Items("records").Select(record => Record(record, regions)).OfType<DrFailoverRecord>().ToList();
        if (!node.Has("records"))
        {
            node.Problem(node.FieldPath("records"), "is required: list the records that move in a failover");
        }

        var resolvers = node.Items("resolvers").Select(Resolver).OfType<DrResolver>().ToList();
        return route53 is null ? null : new DrDnsSettings(route53, records, resolvers) { DrillName = DrillName(node, records) };
    }

    private static string? DrillName(EnvironmentNode node, IReadOnlyList<DrFailoverRecord> records)
    {
        if (node.String("drillName") is not { } text)
        {
            return null;
        }

        var name = text.TrimEnd('.').ToLowerInvariant() + ".";
        if (!DnsName().IsMatch(name.TrimEnd('.')))
        {
            node.Problem(node.FieldPath("drillName"), $"'{text}' is not a DNS name");
        }
        else if (records.Any(record => record.Name == name))
        {
            // A drill moves and deletes its name: it must never be a name users resolve.
            node.Problem(node.FieldPath("drillName"), $"'{text}' is a failover record; a drill would move and delete it. Use a name only drills use, such as drill.{records[0].HostName}");
        }

        return name;
    }

    private DrRoute53Settings? Route53(EnvironmentNode node)
    {
        node.AllowOnly("hostedZoneId", "endpoint", "region", "profile", "accessKeyIdVariable", "secretAccessKeyVariable", "sessionTokenVariable");
        var zone = node.String("hostedZoneId", required: true);
        if (zone is null)
        {
            return null;
        }

        // Route53 returns "/hostedzone/Z..."; its URIs take the bare id, as the SDKs strip it.
        var bare = zone[(zone.LastIndexOf('/') + 1)..];
        if (!HostedZoneId().IsMatch(bare))
        {
            node.Problem(node.FieldPath("hostedZoneId"), $"'{zone}' is not a hosted zone id (letters and digits, at most 32)");
        }

        var endpoint = node.String("endpoint") is { } text ? HttpUri(node, node.FieldPath("endpoint"), text) : null;
        return new DrRoute53Settings(bare, endpoint, node.String("region") ?? DrRoute53Settings.DefaultRegion, node.String("profile"),
            Variable(node, "accessKeyIdVariable"), Variable(node, "secretAccessKeyVariable"), Variable(node, "sessionTokenVariable"));
    }

    private DrFailoverRecord? Record(EnvironmentNode node, IReadOnlyList<string> regions)
    {
        node.AllowOnly("name", "type", "ttl", "setIdentifier", "values");
        var name = node.String("name", required: true);
        var type = (node.String("type") ?? "A").ToUpperInvariant();
        if (name is not null && !DnsName().IsMatch(name.TrimEnd('.')))
        {
            node.Problem(node.FieldPath("name"), $"'{name}' is not a DNS name");
        }

        if (type is not ("A" or "AAAA" or "CNAME" or "TXT"))
        {
            node.Problem(node.FieldPath("type"), $"'{type}' cannot move in a failover here; use A, AAAA, CNAME or TXT");
        }

        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (node.Object("values", required: true) is { } valuesNode)
        {
            foreach (var (region, value, path) in valuesNode.RawProperties())
            {
                if (!regions.Contains(region, StringComparer.OrdinalIgnoreCase))
                {
                    node.Problem(path, $"names no region of this file (regions: {string.Join(", ", regions)})");
                    continue;
                }

                if (valuesNode.StringsOf(value, path) is { } list)
                {
                    foreach (var item in list.Where(item => !ValueFits(type, item)))
                    {
                        node.Problem(path, $"'{item}' is not a valid {type} value");
                    }

                    values[region] = list;
                }
            }

            foreach (var region in regions.Where(region => !values.ContainsKey(region)))
            {
                node.Problem(node.FieldPath("values"), $"has no value for region '{region}', so a failover to it could not move this record");
            }
        }

        return name is null ? null : new DrFailoverRecord(name.TrimEnd('.').ToLowerInvariant() + ".", type,
            node.Integer("ttl", 0, int.MaxValue) ?? DrFailoverRecord.DefaultTtl, node.String("setIdentifier"), values);
    }

    private static bool ValueFits(string type, string value) => type switch
    {
        "A" => IPAddress.TryParse(value, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork,
        "AAAA" => IPAddress.TryParse(value, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        "CNAME" => DnsName().IsMatch(value.TrimEnd('.')),
        _ => value.Length <= 4000,
    };

    private DrResolver? Resolver(EnvironmentNode node)
    {
        node.AllowOnly("name", "address", "authoritative");
        var address = node.String("address", required: true);
        IPEndPoint? endpoint = null;
        if (address is not null)
        {
            if (IPAddress.TryParse(address, out var ip))
            {
                endpoint = new IPEndPoint(ip, 53);
            }
            else if (!IPEndPoint.TryParse(address, out endpoint) || endpoint.Port == 0)
            {
                node.Problem(node.FieldPath("address"), $"'{address}' is not an IP address with an optional port (127.0.0.1:5353, [::1]:53)");
            }
        }

        return endpoint is null ? null : new DrResolver(node.String("name") ?? endpoint.ToString(), endpoint, node.Boolean("authoritative") ?? false);
    }

    private DrObjectives Objectives(EnvironmentNode node)
    {
        node.AllowOnly("rto", "rtoMax", "rpo", "rpoMax", "failoverRto");
        var plan = DrObjectives.Plan;
        var result = new DrObjectives(
            Duration(node, "rto") ?? plan.Rto, Duration(node, "rtoMax") ?? plan.RtoMax,
            Duration(node, "rpo") ?? plan.Rpo, Duration(node, "rpoMax") ?? plan.RpoMax,
            Duration(node, "failoverRto") ?? plan.FailoverRto);
        if (result.Rto > result.RtoMax)
        {
            node.Problem(node.FieldPath("rto"), $"{result.Rto} is above rtoMax {result.RtoMax}");
        }

        if (result.Rpo > result.RpoMax)
        {
            node.Problem(node.FieldPath("rpo"), $"{result.Rpo} is above rpoMax {result.RpoMax}");
        }

        return result;
    }

    /// <summary>A duration as hh:mm:ss (or d.hh:mm:ss) or ISO 8601 (PT30M), above zero.</summary>
    private static TimeSpan? Duration(EnvironmentNode node, string field)
    {
        var text = node.String(field);
        if (text is null)
        {
            return null;
        }

        TimeSpan value;
        try
        {
            value = text.StartsWith('P') ? XmlConvert.ToTimeSpan(text) : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            node.Problem(node.FieldPath(field), $"'{text}' is not a duration (hh:mm:ss or ISO 8601 such as PT30M)");
            return null;
        }

        if (value <= TimeSpan.Zero)
        {
            node.Problem(node.FieldPath(field), "must be above zero");
            return null;
        }

        return value;
    }

    private static Uri? HttpUri(EnvironmentNode node, string path, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            node.Problem(path, $"'{text}' is not an http:// or https:// URI");
            return null;
        }

        return uri;
    }

    private static string? Variable(EnvironmentNode node, string field)
    {
        var name = node.String(field);
        if (name is not null && !VariableName().IsMatch(name))
        {
            node.Problem(node.FieldPath(field), $"'{name}' is not an environment variable name (letters, digits and '_', not starting with a digit)");
            return null;
        }

        return name;
    }

    private string FilePath(string path)
    {
        var expanded = path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), path[2..])
            : path;
        return Path.GetFullPath(Path.Combine(baseDirectory, expanded));
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex RegionName();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex KubernetesName();

    [GeneratedRegex("^[A-Za-z0-9]{1,32}$")]
    private static partial Regex HostedZoneId();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"^(\*\.)?([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex DnsName();
}
