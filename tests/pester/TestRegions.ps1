# Dot-sourced by the two-region tests: the lab's environment file with the variables it names set from lab.json,
# and the admin API of one region's emulator. Needs a lab started after issue 11 (lab.json has `regions`).

function Get-LabRegions {
    $regions = (Get-LabConfig).PSObject.Properties['regions']
    if (-not $regions) { throw 'The running lab has no regions section (issue 11); restart it: dotnet pwsh ./build.ps1 -Task LabStop, then -Task LabStart' }
    $regions.Value
}

function Import-LabDrEnvironment {
    # The variables out/lab/dr-environment.json names, set from lab.json (never written into the file).
    $lab = Get-LabConfig
    $env:PUBSECDR_LAB_QDRANT_API_KEY = $lab.qdrant.apiKey
    $env:PUBSECDR_LAB_REDIS_PASSWORD = (Get-LabRedis).password
    $route53 = $lab.PSObject.Properties['route53']
    if ($route53) {
        $env:PUBSECDR_LAB_AWS_ACCESS_KEY_ID = $route53.Value.accessKeyId
        $env:PUBSECDR_LAB_AWS_SECRET_ACCESS_KEY = $route53.Value.secretAccessKey
    }
    Import-DrEnvironment -Path (Join-Path $RepoRoot 'out/lab/dr-environment.json')
}

function Invoke-LabRegionAdmin {
    # One call to a region's emulator admin API (lab/nodes/{i}/stop|start, lab/app/stop|start, ...).
    param([Parameter(Mandatory)] [string] $Region, [Parameter(Mandatory)] [string] $Method, [Parameter(Mandatory)] [string] $Path)
    $admin = (Get-LabRegions).$Region.qdrant.admin
    Invoke-RestMethod -Method $Method -Uri ($admin.TrimEnd('/') + '/' + $Path.TrimStart('/'))
}

function Invoke-LabRegionQdrant {
    # One REST call to a region's first Qdrant node with the lab's API key.
    param([Parameter(Mandatory)] [string] $Region, [Parameter(Mandatory)] [string] $Method, [Parameter(Mandatory)] [string] $Path, [object] $Body)
    $uri = (Get-LabRegions).$Region.qdrant.nodes[0].rest.TrimEnd('/') + '/' + $Path.TrimStart('/')
    $request = @{ Method = $Method; Uri = $uri; Headers = @{ 'api-key' = (Get-LabConfig).qdrant.apiKey } }
    if ($PSBoundParameters.ContainsKey('Body')) { $request.Body = $Body | ConvertTo-Json -Depth 10 -Compress; $request.ContentType = 'application/json' }
    Invoke-RestMethod @request
}

function Wait-RegionVerdict {
    # The region's readiness once it reaches the verdict (a node just started needs a moment), or the last one seen.
    param([Parameter(Mandatory)] $Environment, [Parameter(Mandatory)] [string] $Region, [string] $Verdict = 'Ready', [int] $TimeoutSeconds = 60)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    do {
        $readiness = Test-DrRegionReadiness -Environment $Environment -Region $Region -ErrorAction SilentlyContinue
        if ("$($readiness.Verdict)" -eq $Verdict) { return $readiness }
        Start-Sleep -Milliseconds 500
    } while ([DateTime]::UtcNow -lt $deadline)
    $readiness
}
