# The module zip (build.ps1 -Task Package, issue 14 item 2) as Azure Automation and an operator use it: the module
# folder alone at the zip root, the version asked for in its manifest, and the extracted folder importable in a fresh
# pwsh that has never seen out/, where a cmdlet runs. Packs the already built out/PubSecDr with the same script
# the task calls (the task itself rebuilds first, which the suite has just done).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Packager = Join-Path $RepoRoot 'build/New-ModulePackage.ps1'
    $script:ModuleFolder = Join-Path $RepoRoot 'out/PubSecDr'
    $script:Zip = & $Packager -ModulePath $ModuleFolder -DestinationFolder $TestDrive -Version '1.4.2'
    $script:Extracted = Join-Path $TestDrive 'modules'
    Expand-Archive -LiteralPath $Zip -DestinationPath $Extracted
}

Describe 'The module package' {
    It 'is named PubSecDr-1.4.2.zip for -Version 1.4.2 and holds only the PubSecDr folder at its root' {
        Split-Path -Leaf $Zip | Should -Be 'PubSecDr-1.4.2.zip'
        $archive = [IO.Compression.ZipFile]::OpenRead($Zip)
        try { $roots = @($archive.Entries.FullName | ForEach-Object { ($_ -split '/')[0] } | Select-Object -Unique) }
        finally { $archive.Dispose() }
        $roots | Should -Be @('PubSecDr')
        Join-Path $Extracted 'PubSecDr/PubSecDr.psd1' | Should -Exist
    }

    It 'carries the module, its loader, help, format views and runbooks' {
        foreach ($file in 'PubSecDr.psm1', 'PubSecDr.Format.ps1xml', 'bin/PubSec.Dr.Loader.dll', 'bin/deps/PubSec.Dr.Cmdlets.dll',
            'en-US/PubSec.Dr.Cmdlets.dll-Help.xml', 'scripts/Invoke-DrQdrantBackupRunbook.ps1', 'scripts/Invoke-DrDrillRunbook.ps1') {
            Join-Path $Extracted "PubSecDr/$file" | Should -Exist
        }
    }

    It 'sets ModuleVersion in the packaged manifest only, leaving the built one as it was' {
        (Import-PowerShellDataFile (Join-Path $Extracted 'PubSecDr/PubSecDr.psd1')).ModuleVersion | Should -Be '1.4.2'
        (Import-PowerShellDataFile (Join-Path $ModuleFolder 'PubSecDr.psd1')).ModuleVersion | Should -Be (Import-PowerShellDataFile (Join-Path $RepoRoot 'module/PubSecDr.psd1')).ModuleVersion
    }

    It 'imports by name from the extracted folder in a fresh pwsh and runs a cmdlet there' {
        $store = Join-Path $TestDrive 'empty-store'
        New-Item -ItemType Directory -Path $store | Out-Null
        # PSModulePath holds only the extracted folder (and pwsh's own modules), so nothing of out/ can be loaded.
        $lines = Invoke-FreshPwshScript -WorkDirectory $TestDrive -Script @"
`$env:PSModulePath = '$Extracted' + [IO.Path]::PathSeparator + (Join-Path `$PSHOME 'Modules')
`$ErrorActionPreference = 'Stop'
Import-Module PubSecDr
`$module = Get-Module PubSecDr
"version=`$(`$module.Version)"
"base=`$(`$module.ModuleBase)"
"cmdlets=`$(`$module.ExportedCmdlets.Count)"
"backups=`$(@(Get-DrBackup -Store '$store').Count)"
"@
        $lines | Should -Contain 'version=1.4.2'
        $lines | Should -Contain "base=$(Join-Path $Extracted 'PubSecDr')"
        [int](($lines | Where-Object { $_ -like 'cmdlets=*' }) -replace 'cmdlets=') | Should -Be @((Import-PowerShellDataFile (Join-Path $RepoRoot 'module/PubSecDr.psd1')).CmdletsToExport).Count
        $lines | Should -Contain 'backups=0'
    }

    It 'refuses a version that is not a module version' {
        { & $Packager -ModulePath $ModuleFolder -DestinationFolder $TestDrive -Version 'latest' } | Should -Throw '*not a module version*'
    }
}
