# out/lab/dr-environment.json: the lab described as an operator's environment file (docs: the environment file
# format), so -Environment cmdlets and drills run against the lab as against a real deployment. Secrets never go in
# it: only the names of the PUBSECDR_LAB_* variables that tests set from lab.json (Set-LabEnvironmentVariables).

function Write-LabEnvironmentFile([System.Collections.IDictionary] $Lab, [string] $Path) {
    $regions = [ordered]@{}
    foreach ($name in $Lab.regions.Keys) {
        $region = $Lab.regions[$name]
        $regions[$name] = [ordered]@{
            kubernetes  = [ordered]@{
                # Relative paths are relative to the file's folder (out/lab).
                kubeconfig  = [IO.Path]::GetRelativePath((Split-Path $Path), $region.kubernetes.kubeconfig)
                context     = $region.kubernetes.context
                namespace   = $region.kubernetes.namespace
                statefulSet = $region.kubernetes.statefulSet
            }
            qdrant      = [ordered]@{
                rest           = @($region.qdrant.nodes | ForEach-Object { $_.rest })
                grpc           = $region.qdrant.nodes[0].grpc
                apiKeyVariable = 'PUBSECDR_LAB_QDRANT_API_KEY'
            }
            redis       = [ordered]@{ endpoint = $region.redis; passwordVariable = 'PUBSECDR_LAB_REDIS_PASSWORD' }
            # The app stub reads its API keys from this Secret (seeded by the emulator); the SecurityBreach drill rotates a copy.
            application = [ordered]@{ baseUrl = $region.application.baseUrl; apiKeySecret = 'app-api-keys' }
            store       = [ordered]@{ location = [IO.Path]::GetRelativePath((Split-Path $Path), $region.defaultStore) }
        }
        if (Get-LabField $Lab.redis 'drill') {
            # One scratch server for both regions: a drill restores into it or promotes it as the copy in either region.
            $regions[$name].drillRedis = [ordered]@{ endpoint = Get-LabField $Lab.redis 'drill'; passwordVariable = 'PUBSECDR_LAB_REDIS_PASSWORD' }
        }
    }

    $environment = [ordered]@{
        name       = 'pubsec-lab'
        regions    = $regions
        service    = [ordered]@{
            publicUrl    = "http://pubsec-info-assistant.com:$($Lab.regions.primary.application.port)"
            testQuery    = 'document'
            maxLatencyMs = 2000
        }
    }
    if ($Lab.Contains('route53') -and $Lab.Contains('dns') -and $Lab.route53 -and $Lab.dns) {
        $environment.dns = Get-LabEnvironmentDns $Lab
    }
    $environment.objectives = [ordered]@{ rto = '02:00:00'; rtoMax = '04:00:00'; rpo = '00:30:00'; rpoMax = '01:00:00'; failoverRto = '00:30:00' }
    $environment | ConvertTo-Json -Depth 10 | Set-Content $Path
}

function Get-LabEnvironmentDns([System.Collections.IDictionary] $Lab) {
    # The failover record (the app's public name → each region's app address) and the lab's two resolvers.
    $route53 = $Lab.route53
    $dns = $Lab.dns
    $recordName = "$(Get-LabField $route53 'recordName')"
    if (-not $recordName) { $recordName = 'pubsec-info-assistant.com.' }
    if (-not $recordName.EndsWith('.')) { $recordName += '.' }
    $ttl = Get-LabField $dns 'ttl'
    if (-not $ttl) { $ttl = 5 }
    $values = [ordered]@{}
    foreach ($name in $Lab.regions.Keys) { $values[$name] = @($Lab.regions[$name].application.address) }
    $section = [ordered]@{ hostedZoneId = Get-LabField $route53 'hostedZoneId' }
    if (Get-LabField $route53 'endpoint') { $section.endpoint = Get-LabField $route53 'endpoint' }
    $section.region = if (Get-LabField $route53 'region') { Get-LabField $route53 'region' } else { 'us-east-1' }
    $section.accessKeyIdVariable = 'PUBSECDR_LAB_AWS_ACCESS_KEY_ID'
    $section.secretAccessKeyVariable = 'PUBSECDR_LAB_AWS_SECRET_ACCESS_KEY'
    [ordered]@{
        route53   = $section
        records   = @([ordered]@{ name = $recordName.ToLowerInvariant(); type = 'A'; ttl = [int]$ttl; values = $values })
        # The RegionalFailover drill moves this name, never the public one.
        drillName = "drill.$($recordName.ToLowerInvariant())"
        resolvers = @(
            [ordered]@{ name = 'authoritative'; address = Get-LabField $dns 'authoritative'; authoritative = $true }
            [ordered]@{ name = 'caching'; address = Get-LabField $dns 'caching' }
        )
    }
}

function Get-LabField([object] $Section, [string] $Name) {
    # The DNS helper may hand back hashtables or objects; read a field from either.
    if ($Section -is [System.Collections.IDictionary]) { return $Section[$Name] }
    $property = $Section.PSObject.Properties[$Name]
    if ($property) { $property.Value }
}
