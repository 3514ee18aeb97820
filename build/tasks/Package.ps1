# Packages the built module as the zip Azure Automation imports (and any host can extract into a PSModulePath folder).

function Invoke-PackageTask {
    # Built here, not taken from out/: a stale out/PubSecDr must never be shipped.
    Invoke-BuildTask
    $destination = New-Item -ItemType Directory -Path (Join-Path $Out 'package') -Force
    $zip = & (Join-Path $Root 'build/New-ModulePackage.ps1') -ModulePath $ModuleOut -DestinationFolder $destination.FullName -Version $script:Version
    Write-Host "Package ready: $zip (upload it as PubSecDr.zip for Azure Automation, whose import wants the zip named after the module; see README)"
}
