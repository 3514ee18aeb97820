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

    It 'runs engine code precompiled in the ReadyToRun format of the runtime it is loaded in' -Skip:(-not ($IsLinux -and [Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'X64')) {
        # Native code in another runtime's format is ignored (.NET 10 rejects .NET 8's): every method of a fresh
        # session's backup would be JIT-compiled again. The build precompiles on linux-x64 only.
        function Get-ReadyToRunMajor([string] $Path) {
            $bytes = [IO.File]::ReadAllBytes($Path)
            $reader = [Reflection.PortableExecutable.PEReader]::new([IO.MemoryStream]::new($bytes))
            try {
                $directory = $reader.PEHeaders.CorHeader.ManagedNativeHeaderDirectory
                if ($directory.Size -eq 0) { return 0 }
                $offset = 0
                $null = $reader.PEHeaders.TryGetDirectoryOffset($directory, [ref] $offset)
                [BitConverter]::ToUInt32($bytes, $offset) | Should -Be 0x00525452 -Because "$Path has a ReadyToRun header ('RTR')"
                [BitConverter]::ToUInt16($bytes, $offset + 4)
            } finally { $reader.Dispose() }
        }
        $runtime = Get-ReadyToRunMajor ([object].Assembly.Location)
        $runtime | Should -BeGreaterThan 0
        foreach ($type in (Get-Command New-QdrantBackup).ImplementingType, (Get-Command New-QdrantBackup).OutputType[0].Type) {
            $assembly = $type.Assembly.Location
            Get-ReadyToRunMajor $assembly | Should -Be $runtime -Because "$assembly must carry native code this runtime ($([Environment]::Version)) uses"
        }
    }

    It 'starts the async methods of its engine with precompiled code on .NET 10, instead of JIT-compiling that in every fresh session' -Skip:(-not ($IsLinux -and [Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'X64' -and [Environment]::Version.Major -eq 10)) {
        # Each async method starts through CoreLib's builder instantiated over its own state machine. That code can sit
        # in our image only when the build lets crossgen2 compile CoreLib code into it (--opt-cross-module, checked
        # against CoreLib's IL when loaded); without it a fresh session's 50 MB backup JIT-compiled about 170 of these.
        $store = New-Item -ItemType Directory (Join-Path $TestDrive 'store')
        $script = Join-Path $TestDrive 'probe.ps1'
        Set-Content $script "Import-Module '$ModuleManifest'; `"found: `$(@(Get-DrBackup -Store '$store').Count)`""
        # The runtime's own JIT log (DOTNET_JitDisasmSummary) names every method it compiles, on standard output: a log
        # file (DOTNET_JitStdOutFile) made the runtime abort at exit with "free(): invalid pointer" in one CI run. Without
        # the local tool's shim (a .NET process too) the output is that session's alone.
        $startInfo = New-FreshPwshStartInfo -File $script -WithoutShim
        $startInfo.Environment['DOTNET_JitDisasmSummary'] = '1'
        $startInfo.RedirectStandardOutput = $true
        $process = [Diagnostics.Process]::Start($startInfo)
        $output = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        $process.ExitCode | Should -Be 0 -Because (($output -split "`n" | Select-Object -Last 5) -join ' / ')
        $output | Should -Match 'found: 0'
        # The log is this session's: the loader, which is not precompiled, was compiled when the module was imported.
        $output | Should -Match 'JIT compiled PubSec\.Dr\.Loader\.LoadContext'
        # The catalog listing runs several async methods of the engine (every namespace but the cmdlets' own).
        $output -split "`n" | Where-Object { $_ -match 'Start\[PubSec\.Dr\.(?!Commands\.)' } | Should -BeNullOrEmpty
    }

    It 'loads the .NET 10 build of System.IO.Hashing on .NET 10, whose CRC-32 the S3 store hashes every part with' -Skip:(-not ($IsLinux -and [Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'X64' -and [Environment]::Version.Major -eq 10)) {
        # The package has no net8.0 build, so the publish holds its netstandard2.0 one, a byte-table CRC about 22 times
        # slower; the build puts the package's net10.0 build among the .NET 10 images, and the loader must pick it.
        $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'PubSecDr'
        $hashing = $context.LoadFromAssemblyName([Reflection.AssemblyName]::new('System.IO.Hashing'))
        $hashing.Location | Should -BeLike '*readytorun*net10*'
        $framework = $hashing.GetCustomAttributes([Runtime.Versioning.TargetFrameworkAttribute], $false)[0].FrameworkName
        $framework | Should -Be '.NETCoreApp,Version=v10.0'
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
