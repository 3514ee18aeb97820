# Builds the solution and lays out the importable module at out/PubSecDr.

function Invoke-BuildTask {
    Invoke-BootstrapTask
    $steps = 'Compile solution', 'Publish cmdlets', 'Precompile (ReadyToRun)', 'Lay out module', 'Generate MAML help'
    $step = 0
    $progress = { param($name) Write-Progress -Activity 'Build' -Status $name -PercentComplete (100 * $step / $steps.Count); Write-Host "  $name" }

    & $progress $steps[$step]
    Invoke-Native dotnet @('build', (Join-Path $Root 'PubSec.Dr.sln'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')

    $step++; & $progress $steps[$step]
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $deps = Join-Path $ModuleOut 'bin/deps'
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/PubSec.Dr.Cmdlets'), '-c', $Configuration, '-o', $deps, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    # The host provides PowerShell itself; a copy in deps would be loaded into our context and break type identity.
    Get-ChildItem $deps -Filter 'System.Management.Automation*.dll' | Remove-Item -Force

    $step++; & $progress $steps[$step]
    Invoke-ReadyToRun $deps

    $step++; & $progress $steps[$step]
    $loader = Join-Path $Out "bin/PubSec.Dr.Loader/$Configuration/net8.0/PubSec.Dr.Loader.dll"
    Copy-Item $loader (Join-Path $ModuleOut 'bin')
    Copy-Item (Join-Path $Root 'module/*') $ModuleOut
    # The runbooks ship with the module: the drill's "documentation accurate" criterion looks them up in scripts/.
    $scripts = New-Item -ItemType Directory -Path (Join-Path $ModuleOut 'scripts') -Force
    Copy-Item (Join-Path $Root 'scripts/*.ps1') $scripts

    $step++; & $progress $steps[$step]
    $helpScript = Join-Path $Root 'build/New-ModuleHelp.ps1'
    $exit = Invoke-FreshPwsh $helpScript @('-ModulePath', (Join-Path $ModuleOut 'PubSecDr.psd1'), '-MarkdownPath', (Join-Path $Root 'docs/help'))
    if ($exit -ne 0) { throw "Help generation failed (exit $exit); see the problems listed above." }

    Write-Progress -Activity 'Build' -Completed
    Write-Host "Module ready: $(Join-Path $ModuleOut 'PubSecDr.psd1')"
}

function Invoke-ReadyToRun([string] $Deps) {
    # A fresh pwsh per backup (a CronJob, a runbook) JIT-compiles every method it touches: measured, that was most of
    # a small backup's time. ReadyToRun assemblies carry native code for linux-x64 next to their IL, so they start
    # fast there and still run everywhere else (another platform ignores the native code and JITs the IL). Only
    # assemblies without a platform-specific variant under runtimes/ are replaced, so the layout stays portable.
    # The native code is used only by the runtime major version it was compiled for (.NET 10 rejects .NET 8's
    # format), so deps/ gets images for .NET 8 (pwsh 7.4, Azure Automation) and deps/readytorun/net10 images for
    # .NET 10 (pwsh 7.6), which the loader prefers there.
    if (-not ($IsLinux -and [Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'X64')) {
        Write-Host '    skipped: ReadyToRun code is compiled on linux-x64 build hosts only'
        return
    }
    $precompiled = Join-Path $Out "obj/readytorun/$Configuration"
    if (Test-Path $precompiled) { Remove-Item $precompiled -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/PubSec.Dr.Cmdlets'), '-c', $Configuration, '-r', 'linux-x64', '--self-contained', 'false',
        '-p:PublishReadyToRun=true', '-o', $precompiled, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    $specific = @(Get-ChildItem (Join-Path $Deps 'runtimes') -Recurse -Filter '*.dll' -ErrorAction SilentlyContinue | ForEach-Object Name)
    # What the net8.0 publish left as IL (PublishReadyToRunExclude in the cmdlets project) stays IL for .NET 10 too.
    $skipped = @(Get-ChildItem $precompiled -Filter '*.dll' | Where-Object { -not (Test-ReadyToRunImage $_.FullName) } | ForEach-Object Name)

    # Compiled from the IL still in deps/, before the .NET 8 images replace it.
    $net10 = Invoke-ReadyToRunNet10 -Deps $Deps -Skipped $skipped
    $kept = 0
    $target = New-Item -ItemType Directory -Force -Path (Join-Path $Deps 'readytorun/net10')
    foreach ($assembly in Get-ChildItem $net10 -Filter '*.dll') {
        if ((Test-Path (Join-Path $Deps $assembly.Name)) -and $assembly.Name -notin $specific -and (Test-ReadyToRunImage $assembly.FullName)) {
            Copy-Item $assembly.FullName $target
            $kept++
        }
    }

    $replaced = 0
    foreach ($assembly in Get-ChildItem $precompiled -Filter '*.dll') {
        $portable = Join-Path $Deps $assembly.Name
        if ((Test-Path $portable) -and $assembly.Name -notin $specific) {
            Copy-Item $assembly.FullName $portable -Force
            $replaced++
        }
    }
    Write-Host "    $replaced assemblies taken from the linux-x64 ReadyToRun publish (.NET 8), $kept precompiled for .NET 10"
}

function Invoke-ReadyToRunNet10([string] $Deps, [string[]] $Skipped) {
    # build/readytorun publishes for net10.0 with every assembly of deps/ as a reference: the SDK's own crossgen2 for
    # that runtime compiles them, and the IL inside each image stays the net8.0 build's.
    $work = Join-Path $Out "obj/readytorun-net10/$Configuration"
    if (Test-Path $work) { Remove-Item $work -Recurse -Force }
    New-Item -ItemType Directory -Force -Path $work | Out-Null
    $ownBuilds = Get-Net10PackageBuilds $Deps
    $items = foreach ($assembly in Get-ChildItem $Deps -Filter '*.dll') {
        if ($ownBuilds.ContainsKey($assembly.BaseName)) {
            "    <PackageReference Include=`"$($assembly.BaseName)`" Version=`"$($ownBuilds[$assembly.BaseName])`" />"
            continue
        }
        "    <Reference Include=`"$([Security.SecurityElement]::Escape($assembly.FullName))`" />"
        if ($assembly.Name -in $Skipped) { "    <PublishReadyToRunExclude Include=`"$([Security.SecurityElement]::Escape($assembly.Name))`" />" }
    }
    $inputs = Join-Path $work 'inputs.props'
    Set-Content -LiteralPath $inputs -Value (@('<Project>', '  <ItemGroup>') + $items + @('  </ItemGroup>', '</Project>'))
    $published = Join-Path $work 'publish'
    Invoke-Native dotnet @('publish', (Join-Path $Root 'build/readytorun/PubSec.Dr.ReadyToRun.csproj'), '-c', $Configuration, '-o', $published,
        "-p:ModuleInputs=$inputs", '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    $published
}

function Get-Net10PackageBuilds([string] $Deps) {
    # Packages whose net8.0 publish took their netstandard2.0 build, which are also built for .NET 10 itself: their
    # .NET 10 images are made from that build instead, in the same version. System.IO.Hashing has no net8.0 build; its
    # netstandard2.0 CRC-32 is a byte-table loop (about 310 MB/s here), its net10.0 one folds with carry-less multiply
    # (6.9 GB/s), and the S3 store hashes every part with it (PartCrc32). Returns name -> version, from the deps.json.
    $wanted = @('System.IO.Hashing')
    $found = @{}
    $graph = Get-Content -Raw (Join-Path $Deps 'PubSec.Dr.Cmdlets.deps.json') | ConvertFrom-Json -AsHashtable
    foreach ($target in $graph.targets.Values) {
        foreach ($library in $target.GetEnumerator()) {
            $name, $version = $library.Key -split '/', 2
            if ($name -in $wanted -and (@($library.Value.runtime.Keys) -like 'lib/netstandard*')) { $found[$name] = $version }
        }
    }
    $found
}

function Test-ReadyToRunImage([string] $Path) {
    # A ReadyToRun image has a managed native header in its CLI header; plain IL has none.
    $stream = [IO.File]::OpenRead($Path)
    try {
        $reader = [Reflection.PortableExecutable.PEReader]::new($stream)
        $header = $reader.PEHeaders.CorHeader
        [bool]($header -and $header.ManagedNativeHeaderDirectory.Size -gt 0)
    }
    finally {
        if ($reader) { $reader.Dispose() }
        $stream.Dispose()
    }
}

function Invoke-CleanTask {
    if (Test-Path $Out) { Remove-Item $Out -Recurse -Force }
}
