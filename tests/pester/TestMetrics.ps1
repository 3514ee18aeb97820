# Dot-sourced by the metrics tests: the Prometheus text parsed into name{labels} -> value, and the shipped alert rules
# (deploy/prometheus) run by Debian's promtool against exported values at a given instant.
$script:RulesFile = (Resolve-Path (Join-Path $PSScriptRoot '../../deploy/prometheus/pubsec-dr.rules.yml')).Path

function ConvertFrom-Metrics([string] $Text) {
    # name{labels} -> value, HELP/TYPE lines checked to precede each metric's samples.
    $values = @{}
    $typed = @{}
    foreach ($line in $Text -split "`n" | Where-Object { $_ }) {
        if ($line -match '^# TYPE (\S+) (\S+)$') { $typed[$Matches[1]] = $Matches[2]; continue }
        if ($line -match '^# HELP ') { continue }
        $line -match '^([a-z_]+)(\{.*\})? (\S+)$' | Should -BeTrue -Because "'$line' is a sample line"
        $typed.ContainsKey($Matches[1]) | Should -BeTrue -Because "$($Matches[1]) has a TYPE line before its samples"
        $values[$Matches[1] + $Matches[2]] = [double]::Parse($Matches[3], [Globalization.CultureInfo]::InvariantCulture)
    }
    $values
}
# Exact seconds; the export rounds to the millisecond, so values agree to within half of one.
function Get-UnixSeconds([datetime] $Time) { ($Time.ToUniversalTime() - [datetime]::UnixEpoch).TotalSeconds }

function Get-RuleAnnotations([string] $Alert, [hashtable] $Labels) {
    # promtool compares annotations too: the rule's own, with {{ $labels.x }} filled in as Prometheus would.
    $rule = ((Get-Content -LiteralPath $RulesFile -Raw) -split '- alert: ' | Where-Object { $_ -match "^$Alert\r?\n" })
    $notes = @{}
    foreach ($name in 'summary', 'description') {
        $rule -match "(?m)^\s+${name}: `"(.*)`"\s*$" | Should -BeTrue -Because "$Alert has a $name"
        $notes[$name] = [regex]::Replace($Matches[1], '\{\{ \$labels\.(\w+) \}\}', { param($m) $Labels[$m.Groups[1].Value] })
    }
    $notes
}

function Invoke-PromtoolTest([hashtable] $Metrics, [long] $At, [hashtable] $Expected) {
    # One promtool test file per instant: its series have a sample at 0 and at $At (the interval), and rules are
    # evaluated only at those two instants (evaluation_interval = $At), so time() is the export's -AsOf.
    $series = foreach ($key in $Metrics.Keys | Sort-Object) {
        $value = $Metrics[$key].ToString('R', [Globalization.CultureInfo]::InvariantCulture)
        "      - series: '$key'`n        values: '$value $value'"
    }
    $cases = foreach ($alert in $Expected.Keys | Sort-Object) {
        $alerts = foreach ($labels in $Expected[$alert]) {
            $pairs = ($labels.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key): '$($_.Value)'" }) -join ', '
            $notes = ((Get-RuleAnnotations $alert $labels).GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key): '$($_.Value -replace "'", "''")'" }) -join ', '
            "          - exp_labels: { $pairs }`n            exp_annotations: { $notes }"
        }
        "      - eval_time: ${At}s`n        alertname: $alert`n        exp_alerts:" + $(if ($alerts) { "`n" + ($alerts -join "`n") } else { ' []' })
    }
    $file = Join-Path $TestDrive "promtool-$At.yml"
    Set-Content -LiteralPath $file -Value @"
rule_files:
  - $RulesFile
evaluation_interval: ${At}s
tests:
  - interval: ${At}s
    input_series:
$($series -join "`n")
    alert_rule_test:
$($cases -join "`n")
"@
    $output = & promtool test rules $file 2>&1 | Out-String
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
}
