BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Cmdlets = @(Get-Command -Module PubSecDr | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Manifest = Import-PowerShellDataFile $ModuleManifest
}

Describe 'The PubSecDr module' {
    It 'exports exactly the cmdlets its manifest lists' {
        $exported = (Get-Command -Module PubSecDr).Name | Sort-Object
        $exported | Should -Be ($Manifest.CmdletsToExport | Sort-Object)
    }

    It 'loads its own assemblies into its own AssemblyLoadContext, not the default one' {
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext((Get-Command New-QdrantBackup).ImplementingType.Assembly)
        $context.Name | Should -Be 'PubSecDr'
        [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.GetName().Name | Should -Not -Contain 'Qdrant.Client'
    }

    It 'ships every runbook of scripts/ unchanged in its scripts folder, where the drill looks for runbooks' {
        # ShippedCommands checks a phase's runbook under the loaded module's ModuleBase/scripts; without the copy
        # every drill phase performed by a runbook would fail "documentation accurate".
        $shipped = Join-Path (Get-Module PubSecDr).ModuleBase 'scripts'
        $expected = @(Get-ChildItem (Join-Path $RepoRoot 'scripts') -Filter *.ps1 | Sort-Object Name)
        $expected.Count | Should -BeGreaterThan 0
        @(Get-ChildItem $shipped -Filter *.ps1 | Sort-Object Name).Name | Should -Be $expected.Name
        foreach ($runbook in $expected) {
            (Get-FileHash (Join-Path $shipped $runbook.Name)).Hash | Should -Be (Get-FileHash $runbook.FullName).Hash -Because "$($runbook.Name) is shipped as written"
        }
    }

    It 'declares format data for every output type' {
        foreach ($type in 'PubSec.Dr.QdrantBackup', 'PubSec.Dr.IntegrityReport') {
            Get-FormatData -TypeName $type | Should -Not -BeNullOrEmpty -Because "$type needs a default view"
        }
    }
}

Describe 'Cmdlet <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $script:Command = Get-Command $Name
        $script:Help = Get-Help $Name -Full
    }

    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $Command.Verb
    }

    It 'declares its output type' {
        $Command.OutputType | Should -Not -BeNullOrEmpty
    }

    It 'has help with a synopsis, a description and at least two examples' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match '^\s*Verb-Noun|^\s*\{\{'
        ($Help.Description.Text -join '') | Should -Not -BeNullOrEmpty
        @($Help.Examples.Example).Count | Should -BeGreaterOrEqual 2
    }

    It 'documents every parameter' {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + 'ProgressAction'
        $declared = $Command.Parameters.Keys | Where-Object { $_ -notin $common }
        $documented = @($Help.Parameters.Parameter | ForEach-Object Name)
        foreach ($parameter in $declared) {
            $documented | Should -Contain $parameter
            ($Help.Parameters.Parameter | Where-Object Name -eq $parameter).Description.Text -join '' | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }
}
