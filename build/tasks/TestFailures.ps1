# Lists the failed tests of a run, from the xunit .trx files and Pester's NUnit XML, so that the tail of a
# long CI log (often all that is kept) names what failed and why, not only how many.

function Write-TestFailureDigest([string] $ResultsDirectory, [int] $Limit = 20) {
    # A digest that cannot be made must not cost the run its final count line.
    try {
        $failures = @(Get-XunitFailures (Join-Path $ResultsDirectory 'xunit')) + @(Get-PesterFailures (Join-Path $ResultsDirectory 'pester.xml'))
    } catch {
        Write-Host "Could not list the failed tests from $ResultsDirectory`: $($_.Exception.Message)"
        return
    }
    if ($failures.Count -eq 0) { return }
    Write-Host "Failed tests ($($failures.Count)):"
    foreach ($failure in $failures | Select-Object -First $Limit) {
        # One line per failure; the first lines of the message say why, the full text is in the result files.
        $message = (($failure.Message -split "`r?`n" | Where-Object { $_.Trim() } | Select-Object -First 3) -join ' | ')
        if ($message.Length -gt 400) { $message = $message.Substring(0, 400) + '...' }
        Write-Host "  [$($failure.Runner)] $($failure.Name)"
        Write-Host "      $message"
        if ($failure.PSObject.Properties['At'] -and $failure.At) { Write-Host "      $($failure.At.Trim())" }
    }
    if ($failures.Count -gt $Limit) { Write-Host "  ... and $($failures.Count - $Limit) more, see $ResultsDirectory" }
}

function Get-XunitFailures([string] $Directory) {
    foreach ($file in Get-ChildItem $Directory -Filter '*.trx' -ErrorAction Ignore) {
        $trx = [xml](Get-Content -LiteralPath $file.FullName -Raw)
        foreach ($result in $trx.TestRun.Results.UnitTestResult | Where-Object outcome -ne 'Passed' | Where-Object outcome -ne 'NotExecuted') {
            [pscustomobject]@{ Runner = 'xunit'; Name = $result.testName; Message = [string]$result.Output.ErrorInfo.Message }
        }
    }
}

function Get-PesterFailures([string] $Path) {
    if (-not (Test-Path -LiteralPath $Path)) { return }
    $nunit = [xml](Get-Content -LiteralPath $Path -Raw)
    foreach ($case in $nunit.SelectNodes('//test-case[@result="Failure"]')) {
        # The file the test lives in; parametrised Describe names already carry their store kind.
        $file = $case.SelectSingleNode('ancestor::test-suite[contains(@name, ".Tests.ps1")]')
        $where = if ($file) { Split-Path -Leaf $file.name } else { '' }
        [pscustomobject]@{ Runner = 'Pester'; Name = "$($case.name)   ($where)"; Message = $case.SelectSingleNode('failure/message').InnerText
            # Pester's stack trace starts with the file and line of the failing assertion.
            At = ($case.SelectSingleNode('failure/stack-trace').InnerText -split "`\r?`\n" | Where-Object { $_ -match ':\d+' } | Select-Object -First 1) }
    }
}
